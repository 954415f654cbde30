//! `profile-check completions SHELL`: a completion script, from the command line's own
//! definition.

/// The name the scripts complete.
const BIN: &str = "profile-check";

/// The completion script for `shell`.
pub fn render(shell: clap_complete::Shell) -> String {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut crate::cli::command(), BIN, &mut script);
    let script = String::from_utf8_lossy(&script).into_owned();
    match shell {
        clap_complete::Shell::Bash => bash_states(&script),
        clap_complete::Shell::Fish => script + &fish_positionals(),
        clap_complete::Shell::Zsh => zsh_commands(&script),
        _ => script,
    }
}

/// clap_complete's bash script names the state of `profile-check explain` two ways: its
/// loop over the words sets `cmd="profile__check__subcmd__explain"` (the hyphen of the
/// binary's name written `__`), while the `case` that completes each command reads
/// `profile__subcmd__check__subcmd__explain)` (the hyphen written as a command separator),
/// so nothing completes after a command (clap-rs/clap#6421). The labels are written the
/// way the loop writes them; a script already consistent is left as it is.
fn bash_states(script: &str) -> String {
    const SEP: &str = "__subcmd__";
    let wrong = format!("{}{SEP}", BIN.replace('-', SEP));
    let right = format!("{}{SEP}", BIN.replace('-', "__"));
    script
        .lines()
        .map(|line| {
            let label = line.trim_start();
            if label.starts_with(&wrong) && label.ends_with(')') {
                format!("{}\n", line.replacen(&wrong, &right, 1))
            } else {
                format!("{line}\n")
            }
        })
        .collect()
}

/// clap_complete's zsh script reads the words after `profile-check` as the command line
/// defines them: a profile first (the words of `check` are taken without the command's
/// name), then the command, so `explain ev<TAB>` completed `ev` as a command. The first
/// word is offered as a command or a profile file instead, and the command's own
/// completion follows the first word. A script of another shape is left as it is.
fn zsh_commands(script: &str) -> String {
    let commands = format!("\":: :_{BIN}_commands\" \\");
    let mut lines: Vec<String> = Vec::new();
    let mut root = false;
    let mut states = 0;
    for line in script.lines() {
        if !root
            && line == commands
            && lines
                .last()
                .is_some_and(|l| l.starts_with("'::profiles -- "))
        {
            lines.pop();
            lines.push(format!(
                "\":: :_alternative 'commands\\:command\\:_{BIN}_commands' 'files\\:profile\\:_files'\" \\"
            ));
            root = true;
            continue;
        }
        // The root's state: the command is the first word now, not the second.
        if root && states < 3 && line.contains("$line[2]") {
            lines.push(line.replace("$line[2]", "$line[1]"));
            states += 1;
            continue;
        }
        lines.push(line.to_owned());
    }
    if !root || states != 3 {
        return script.to_owned();
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// clap_complete's fish script completes the values of options but not of a command's
/// arguments: `explain ev<TAB>` offered file names. One line per value of each argument
/// with a closed list (the rule ids of `explain`, the kinds of `schema`, the shells of
/// `completions`), after the command's name.
fn fish_positionals() -> String {
    let quote = |text: &str| format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"));
    let condition = format!("__fish_{}_using_subcommand", BIN.replace('-', "_"));
    let mut out = String::new();
    for command in crate::cli::command().get_subcommands() {
        for arg in command.get_positionals() {
            for value in arg.get_possible_values() {
                if value.is_hide_set() {
                    continue;
                }
                let help = value
                    .get_help()
                    .map(|h| format!(" -d {}", quote(&h.to_string())))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "complete -c {BIN} -n \"{condition} {}\" -f -a {}{help}\n",
                    command.get_name(),
                    quote(value.get_name())
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_of_the_bash_script_has_its_case() {
        let script = render(clap_complete::Shell::Bash);
        let set: Vec<&str> = script
            .lines()
            .filter_map(|l| l.trim().strip_prefix("cmd=\""))
            .filter_map(|l| l.strip_suffix('"'))
            .filter(|state| !state.is_empty())
            .collect();
        assert!(set.contains(&"profile__check__subcmd__explain"), "{set:?}");
        for state in set {
            assert!(
                script.contains(&format!("\n        {state})\n")),
                "no case for {state}"
            );
        }
        assert!(!script.contains("profile__subcmd__check"));
    }

    #[test]
    fn only_case_labels_of_the_other_spelling_are_rewritten() {
        let script = "        profile__subcmd__check__subcmd__explain)\n\
                      cmd=\"profile__subcmd__check__subcmd__x\"\n\
                      profile__subcmd__check__subcmd__y\n\
                      profile__check)\n";
        assert_eq!(
            bash_states(script),
            "        profile__check__subcmd__explain)\n\
             cmd=\"profile__subcmd__check__subcmd__x\"\n\
             profile__subcmd__check__subcmd__y\n\
             profile__check)\n"
        );
    }

    /// The root of clap_complete's zsh script, as far as [`zsh_commands`] reads it.
    const ZSH_ROOT: &str = "'::profiles -- Profile files:_default' \\\n\
                            \":: :_profile-check_commands\" \\\n\
                            \"*::: :->profile-check\" \\\n\
                            words=($line[2] \"${words[@]}\")\n\
                            curcontext=\"command-$line[2]:\"\n\
                            case $line[2] in\n\
                            help-command-$line[2]\n";

    #[test]
    fn zsh_takes_the_first_word_as_the_command() {
        let fixed = zsh_commands(ZSH_ROOT);
        assert!(!fixed.contains("'::profiles"), "{fixed}");
        assert!(fixed.starts_with("\":: :_alternative 'commands\\:command\\:_profile-check_commands' 'files\\:profile\\:_files'\" \\\n"), "{fixed}");
        // The root's three readings of the command move to the first word; the rest stays.
        assert_eq!(fixed.matches("$line[1]").count(), 3, "{fixed}");
        assert!(fixed.ends_with("help-command-$line[2]\n"), "{fixed}");
        // Another shape is left as it is: no profile line before the commands, another
        // line before them, or fewer readings of the command.
        for other in [
            ZSH_ROOT.replacen("'::profiles -- Profile files:_default' \\\n", "", 1),
            ZSH_ROOT.replacen("'::profiles", "'::other", 1),
            ZSH_ROOT
                .replacen("case $line[2] in", "case $line[3] in", 1)
                .replacen("help-command-$line[2]", "x", 1),
        ] {
            assert_eq!(zsh_commands(&other), other);
        }
        // Two commands lines: only the root's is rewritten.
        let twice =
            format!("{ZSH_ROOT}'::profiles -- again' \\\n\":: :_profile-check_commands\" \\\n");
        assert!(
            zsh_commands(&twice)
                .ends_with("'::profiles -- again' \\\n\":: :_profile-check_commands\" \\\n")
        );
    }
}
