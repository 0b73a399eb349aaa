//! The `shuyu` command line: parses arguments, calls the library, prints, and maps outcomes to
//! exit codes (0 clean, 1 findings or problems, 2 usage, input or glossary error).

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    cli::alloc::keep_freed_memory();
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("shuyu: error: {e}");
            ExitCode::from(2)
        }
    }
}
