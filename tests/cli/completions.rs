//! Shell completion as a shell runs it: the scripts of `profile-check completions SHELL`
//! are loaded into bash, fish and zsh (where installed) and asked what they offer after the
//! words a user has typed.

use std::process::Command;

use crate::support::{scratch, stdout};

/// The words bash's completion function offers for `line` (the last word being typed, an
/// empty one after a trailing space), called as bash calls it: `COMP_WORDS`, `COMP_CWORD`,
/// and the command, the word and the word before it as arguments.
fn bash(line: &str) -> Vec<String> {
    let script = scratch("profile-check.bash", stdout(&["completions", "bash"]));
    let mut words: Vec<&str> = line.split(' ').collect();
    if words.is_empty() {
        words.push("");
    }
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let cword = words.len() - 1;
    let cur = words.last().copied().unwrap_or_default();
    let prev = words.iter().rev().nth(1).copied().unwrap_or_default();
    let call = format!(
        "source '{}' || exit 3\n\
         complete -p profile-check >/dev/null || exit 4\n\
         COMP_WORDS=({})\nCOMP_CWORD={cword}\nCOMP_LINE='{line}'\nCOMP_POINT=${{#COMP_LINE}}\n\
         _profile__check profile-check '{cur}' '{prev}'\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" ")
    );
    let output = match Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &call])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
    {
        Ok(output) => output,
        Err(e) => panic!("cannot run bash: {e}"),
    };
    assert_eq!(
        output.status.code(),
        Some(0),
        "{line}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn rule_ids() -> Vec<&'static str> {
    profile_check::rules::RULES
        .iter()
        .map(|r| r.name())
        .collect()
}

fn format_names() -> Vec<&'static str> {
    profile_check::cli::Format::ALL
        .iter()
        .map(|f| f.name())
        .collect()
}

#[test]
fn bash_completes_commands_rule_ids_formats_and_report_names() {
    let top = bash("profile-check ");
    for command in [
        "init",
        "check",
        "rules",
        "explain",
        "diff",
        "import",
        "schema",
        "completions",
        "man",
        "graph",
    ] {
        assert!(top.iter().any(|w| w == command), "{command}: {top:?}");
    }
    assert_eq!(bash("profile-check expl"), ["explain"]);
    // After a command: what that command takes (this was dead: nothing was offered).
    assert_eq!(bash("profile-check explain ev"), ["event-flow"]);
    let all = bash("profile-check explain ");
    for id in rule_ids() {
        assert!(all.iter().any(|w| w == id), "{id}: {all:?}");
    }
    assert_eq!(bash("profile-check explain --col"), ["--color"]);
    for line in ["profile-check --format ", "profile-check check --format "] {
        let offered = bash(line);
        assert_eq!(offered, format_names(), "{line}");
    }
    assert_eq!(bash("profile-check check --format sa"), ["sarif"]);
    let reports: Vec<String> = format_names().iter().map(|f| format!("{f}=")).collect();
    assert_eq!(bash("profile-check --report "), reports);
    assert_eq!(bash("profile-check check --report ju"), ["junit="]);
    let schema = bash("profile-check schema ");
    for kind in ["profile", "runtime", "waivers", "config", "report"] {
        assert!(schema.iter().any(|w| w == kind), "{kind}: {schema:?}");
    }
    assert!(bash("profile-check completions ").contains(&"fish".to_owned()));
    assert_eq!(bash("profile-check rules --format "), ["text", "json"]);
    assert_eq!(
        bash("profile-check graph --format "),
        ["mermaid", "dot", "svg"]
    );
    assert_eq!(bash("profile-check check --stri"), ["--strict"]);
}

/// What `fish` completes for `line`: `complete -C` asks the loaded script as the shell
/// does at a TAB.
fn fish(line: &str) -> Option<Vec<String>> {
    let script = scratch("profile-check.fish", stdout(&["completions", "fish"]));
    let call = format!(
        "source '{}'; or exit 3; complete -C '{line}'",
        script.display()
    );
    let output = Command::new("fish")
        .args(["--no-config", "-c", &call])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    assert_eq!(
        output.status.code(),
        Some(0),
        "{line}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|l| l.split('\t').next().unwrap_or_default().to_owned())
            .collect(),
    )
}

#[test]
fn fish_completes_commands_and_formats() {
    let Some(top) = fish("profile-check ") else {
        println!("skipped: `fish` is not installed (`.ci/run` installs it with apt)");
        return;
    };
    for command in ["init", "check", "explain", "schema", "graph"] {
        assert!(top.iter().any(|w| w == command), "{command}: {top:?}");
    }
    // fish sorts what it offers.
    let mut sorted = format_names();
    sorted.sort_unstable();
    let formats = fish("profile-check check --format ").unwrap_or_default();
    assert_eq!(formats, sorted);
    let formats = fish("profile-check --format=").unwrap_or_default();
    let expected: Vec<String> = sorted.iter().map(|f| format!("--format={f}")).collect();
    assert_eq!(formats, expected);
    let reports = fish("profile-check check --report ").unwrap_or_default();
    let expected: Vec<String> = sorted.iter().map(|f| format!("{f}=")).collect();
    assert_eq!(reports, expected);
    // The arguments of commands, which clap_complete's fish script leaves to file names.
    assert_eq!(
        fish("profile-check explain ev").unwrap_or_default(),
        ["event-flow"]
    );
    let mut ids = rule_ids();
    ids.sort_unstable();
    assert_eq!(fish("profile-check explain ").unwrap_or_default(), ids);
    assert_eq!(
        fish("profile-check schema ").unwrap_or_default(),
        ["config", "profile", "report", "runtime", "waivers"]
    );
}

/// Drives an interactive zsh on a pseudo-terminal (`zsh/zpty`): loads compinit and the
/// script given as `$1`, wraps `compadd` to print every match it adds, types `$2` and a
/// TAB, and prints the matches, one a line.
const ZSH_DRIVER: &str = r#"
zmodload zsh/zpty || exit 3
zpty pc zsh -f -i
zpty -w pc 'PROMPT=""; autoload -U compinit; compinit -u -D; source "'$1'"
bindkey "^I" complete-word; zstyle ":completion:*" list-grouped false; comppostfuncs=(pc-done)
compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
  local -a pc_hits; builtin compadd -A pc_hits "$@"; local h
  for h in $pc_hits; do print -r -- "PCHIT:$h"; done
}
pc-done() { print -r -- PCEND; exit }
print -r -- PCREADY'
zpty -r pc out '*PCREADY*' || exit 4
zpty -w pc "$2"$'\t'
zpty -r pc out '*PCEND*' || exit 5
print -r -- "$out" | tr -d '\r' | sed -n 's/^.*PCHIT://p'
"#;

/// What zsh completes for `line`, or `None` where zsh cannot run.
fn zsh(line: &str) -> Option<Vec<String>> {
    let script = scratch("_profile-check", stdout(&["completions", "zsh"]));
    let driver = scratch("zsh-driver.zsh", ZSH_DRIVER);
    let mut child = Command::new("zsh")
        .arg("-f")
        .arg(&driver)
        .arg(&script)
        .arg(line)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    // A driver that never sees its marker would wait forever: it is stopped, and fails.
    for _ in 0..600 {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    if let Ok(None) = child.try_wait() {
        let _ = child.kill();
        panic!("zsh did not answer for {line:?}");
    }
    let output = match child.wait_with_output() {
        Ok(output) => output,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        output.status.code(),
        Some(0),
        "{line}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(str::to_owned)
            .collect(),
    )
}

#[test]
fn zsh_completes_commands_rule_ids_and_formats() {
    let Some(top) = zsh("profile-check ex") else {
        println!("skipped: `zsh` is not installed (`.ci/run` installs it with apt)");
        return;
    };
    // A command, or a profile file (`examples/`).
    assert!(top.contains(&"explain".to_owned()), "{top:?}");
    assert!(top.contains(&"examples".to_owned()), "{top:?}");
    assert_eq!(
        zsh("profile-check explain ev").unwrap_or_default(),
        ["event-flow"]
    );
    let all = zsh("profile-check explain ").unwrap_or_default();
    assert_eq!(all, rule_ids());
    assert_eq!(
        zsh("profile-check --format ").unwrap_or_default(),
        format_names()
    );
    assert_eq!(
        zsh("profile-check check --format s").unwrap_or_default(),
        ["sarif"]
    );
    let reports: Vec<String> = format_names().iter().map(|f| format!("{f}=")).collect();
    assert_eq!(
        zsh("profile-check check --report ").unwrap_or_default(),
        reports
    );
    assert_eq!(
        zsh("profile-check schema ").unwrap_or_default(),
        ["profile", "runtime", "waivers", "config", "report"]
    );
}
