//! Prints every form of every entry of the glossaries named (default: the built-in one), one
//! per line: the pattern list of the `grep -F -f` baseline in benches/check.sh.

fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args_os().skip(1).map(Into::into).collect();
    let glossary = match shuyu::glossary::Glossary::load_all(&paths) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("forms: {e}");
            std::process::exit(2);
        }
    };
    let mut out = String::new();
    for lang in ["zh", "en"] {
        for (form, _, _) in glossary.forms(lang) {
            out.push_str(form);
            out.push('\n');
        }
    }
    print!("{out}");
}
