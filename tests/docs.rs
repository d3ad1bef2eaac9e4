//! The deployment files in `docs/` must keep working as the CLI changes: every `oitscan`
//! command they run uses a subcommand and flags the binary knows.

use assert_cmd::Command;
use std::path::Path;

/// Every `oitscan <sub> …` command in a file, with shell line continuations joined.
fn commands(text: &str) -> Vec<String> {
    let joined = text.replace("\\\n", " ");
    joined
        .lines()
        .filter_map(|l| {
            let i = l.find("oitscan ")?;
            let cmd = &l[i..];
            let sub = cmd.split_whitespace().nth(1)?;
            ["scan", "merge", "diff", "history"]
                .contains(&sub)
                .then(|| cmd.to_string())
        })
        .collect()
}

#[test]
fn deployment_files_use_real_flags() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let files = [
        "github/weekly-oit-scan.yml",
        "k8s/oitscan-weekly.yaml",
        "k8s/oitscan-merge.yaml",
    ];
    let mut checked = 0;
    for f in files {
        let text = std::fs::read_to_string(root.join(f)).unwrap();
        let cmds = commands(&text);
        assert!(!cmds.is_empty(), "{f} runs oitscan");
        for cmd in cmds {
            let sub = cmd.split_whitespace().nth(1).unwrap();
            let help = Command::cargo_bin("oitscan")
                .unwrap()
                .args([sub, "--help"])
                .output()
                .unwrap();
            assert!(help.status.success(), "{f}: `oitscan {sub}` exists");
            let help = String::from_utf8(help.stdout).unwrap();
            for flag in cmd
                .split_whitespace()
                .filter(|w| w.starts_with("--"))
                .map(|w| w.split('=').next().unwrap())
            {
                assert!(help.contains(flag), "{f}: `oitscan {sub}` has no {flag}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "flags were checked ({checked})");
}
