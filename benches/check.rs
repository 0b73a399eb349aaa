//! Throughput of `shuyu check` over ../shared/bench/laws (58 MB of Chinese) against
//! `grep -F -c -f` with every form of the shipped glossary, in the same run on the same files.
//! `cargo bench --bench check`; skips when the corpus is absent.

mod common;

fn main() {
    let Some(dir) = common::shared("bench/laws") else {
        println!("check benchmark skipped: ../shared/bench/laws not found");
        return;
    };
    let (files, mb) = common::laws(&dir);
    let glossary = shuyu::glossary::Glossary::builtin();
    let forms: Vec<&str> = ["zh", "en"]
        .iter()
        .flat_map(|l| glossary.forms(l).map(|(f, _, _)| f))
        .collect();
    let patterns = std::env::temp_dir().join(format!("shuyu-forms-{}.txt", std::process::id()));
    std::fs::write(&patterns, forms.join("\n") + "\n").expect("write patterns");
    let (check, _) = common::measure(|| {
        let mut c = common::shuyu();
        c.args(["check", "--format", "json"]).arg(&dir);
        c
    });
    let (grep, _) = common::measure(|| {
        let mut c = std::process::Command::new("grep");
        c.args(["-F", "-c", "-f"]).arg(&patterns).args(&files);
        c
    });
    let _ = std::fs::remove_file(&patterns);
    println!(
        "{} files, {mb:.1} MB, {} glossary forms, best of {}",
        files.len(),
        forms.len(),
        common::RUNS
    );
    println!("shuyu check     {check:6.3} s  {:7.1} MB/s", mb / check);
    println!("grep -F -c -f   {grep:6.3} s  {:7.1} MB/s", mb / grep);
    println!("check throughput / grep throughput: {:.2}", grep / check);
}
