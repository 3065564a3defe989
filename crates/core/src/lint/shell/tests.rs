use super::*;

fn names(text: &str) -> Vec<String> {
    parse_text(text, 0)
        .commands
        .iter()
        .map(|c| {
            std::iter::once(c.name.text.clone())
                .chain(c.args.iter().map(|a| a.text.clone()))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn splits_on_operators_and_keeps_quotes_out() {
    assert_eq!(
        names("apt-get update && apt-get install -y 'a b' \"c\" || true; echo x | grep y"),
        [
            "apt-get update",
            "apt-get install -y a b c",
            "true",
            "echo x",
            "grep y"
        ]
    );
}

#[test]
fn skips_assignments_redirections_and_reserved_words() {
    assert_eq!(
        names("DEBIAN_FRONTEND=noninteractive apt-get install x > /dev/null 2>&1"),
        ["apt-get install x"]
    );
    assert_eq!(names("if [ -f a ]; then cd b; fi"), ["cd b"]);
}

#[test]
fn commands_inside_substitutions_are_commands() {
    let script = parse_text("echo $(curl -s x | sh) `wget y`", 0);
    let programs: Vec<_> = script.commands.iter().map(|c| c.program()).collect();
    assert!(programs.contains(&"curl"));
    assert!(programs.contains(&"wget"));
    assert!(script.has_pipe);
}

#[test]
fn a_substitution_after_arguments_keeps_each_commands_arguments_together() {
    assert_eq!(
        names("A=1 foo a `b c $(d e) f` g; h i"),
        ["d e", "b c ${d e} f", "foo a ${VAR} g", "h i"]
    );
    assert_eq!(names("x $(y) z"), ["y", "x ${y} z"]);
}

#[test]
fn spans_point_at_the_words() {
    let text = "pip install  flask";
    let script = parse_text(text, 10);
    let flask = &script.commands[0].args[1];
    assert_eq!(flask.span, 23..28);
    assert_eq!(flask.text, "flask");
}

#[test]
fn flags_split_short_clusters() {
    let script = parse_text("apt-get -yq --no-install-recommends=1 install x", 0);
    let flags: Vec<_> = script.commands[0]
        .flags()
        .into_iter()
        .map(|(_, f)| f)
        .collect();
    assert_eq!(flags, ["y", "q", "no-install-recommends"]);
}

#[test]
fn heredoc_body_is_the_script_when_alone() {
    assert_eq!(names("<<EOF\napt-get update\nEOF\n"), ["apt-get update"]);
    assert_eq!(
        names("cat <<EOF > /f\nnot a command\nEOF\nls"),
        ["cat", "ls"]
    );
}

#[test]
fn case_patterns_are_not_pipes() {
    let script = parse_text(
        "case \"$a\" in x86_64|aarch64) echo 64 ;; (arm) uname ;; *) exit 1 ;; esac; ls",
        0,
    );
    assert!(!script.has_pipe);
    let programs: Vec<_> = script.commands.iter().map(|c| c.program()).collect();
    assert_eq!(programs, ["echo", "uname", "exit", "ls"]);
}

#[test]
fn never_panics_on_odd_text() {
    for text in [
        "$(", "`", "\"", "'", "<<", "${", "a\\", "((", "))", "<(", "2>",
    ] {
        let _ = parse_text(text, 0);
    }
}
