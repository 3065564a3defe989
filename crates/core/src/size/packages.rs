//! Reading dependency manifests: requirements.txt, pyproject.toml and package.json, just far
//! enough to name the packages they install.

/// Package names in a requirements.txt — or in a pyproject.toml, recognised by its
/// `[project]` or `[tool.poetry...]` tables, so one input serves both ways of listing
/// Python dependencies. Comments, options (`-r`, `--hash`...), markers, extras and version
/// specifiers are dropped. Names are normalised (lower case, `_` → `-`). A name with extras
/// keeps them as `name[extra]` so a measured row for it can be found.
pub fn requirements_names(text: &str) -> Vec<String> {
    if is_pyproject(text) {
        return pyproject_names(text);
    }
    let mut names = Vec::new();
    for line in text.lines() {
        let line = line.split(" #").next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('-') {
            continue;
        }
        let line = line.split(';').next().unwrap_or("").trim();
        // `name @ url` and bare URLs: keep the name when there is one.
        let line = line.split(" @ ").next().unwrap_or("").trim();
        if line.contains("://") {
            continue;
        }
        let end = line
            .find(|c: char| "=<>!~ ,".contains(c))
            .unwrap_or(line.len());
        let spec = line[..end].trim();
        if spec.is_empty() {
            continue;
        }
        names.push(normalize_python(spec));
    }
    names
}

fn is_pyproject(text: &str) -> bool {
    text.lines().map(str::trim).any(|line| {
        line == "[project]" || line.starts_with("[tool.poetry") || line == "[build-system]"
    })
}

/// The runtime dependencies of a pyproject.toml: PEP 621's `[project] dependencies = [...]`
/// and Poetry's `[tool.poetry.dependencies]` table (without `python`). Optional and
/// development groups are left out: `pip install .` and `poetry install --only main` do not
/// install them. A small line reader, not a TOML parser: it handles the forms these two
/// sections are written in.
fn pyproject_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut table = String::new();
    let mut in_array = false;
    for raw in text.lines() {
        let line = raw.split(" #").next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if in_array || (table == "project" && line.starts_with("dependencies")) {
            let items = if in_array {
                line
            } else {
                match line.split_once('=') {
                    Some((key, rest)) if key.trim() == "dependencies" => rest.trim(),
                    _ => continue,
                }
            };
            let items = items.strip_prefix('[').unwrap_or(items);
            in_array = !items.contains(']');
            let items = items.split(']').next().unwrap_or("");
            for item in items.split(',') {
                let spec = item.trim().trim_matches(|c| c == '"' || c == '\'');
                names.extend(requirements_names(spec));
            }
            continue;
        }
        if line.starts_with('[') {
            table = line
                .trim_matches(|c| c == '[' || c == ']')
                .trim()
                .to_string();
            continue;
        }
        if table == "tool.poetry.dependencies" {
            if let Some((key, value)) = line.split_once('=') {
                let key = key.trim().trim_matches('"');
                if key.eq_ignore_ascii_case("python") || key.is_empty() {
                    continue;
                }
                let extras = value
                    .split_once("extras")
                    .and_then(|(_, rest)| rest.split_once('['))
                    .and_then(|(_, rest)| rest.split_once(']'))
                    .map(|(list, _)| list.replace(['"', '\'', ' '], ""));
                let spec = match extras {
                    Some(extras) if !extras.is_empty() => format!("{key}[{extras}]"),
                    _ => key.to_string(),
                };
                names.push(normalize_python(&spec));
            }
        }
    }
    names
}

/// PEP 503 normalisation, keeping `[extras]` (sorted) attached.
pub fn normalize_python(spec: &str) -> String {
    let (name, extras) = match spec.split_once('[') {
        Some((n, e)) => (n, Some(e.trim_end_matches(']'))),
        None => (spec, None),
    };
    let mut out: String = name
        .trim()
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == '_' || c == '.' { '-' } else { c })
        .collect();
    if let Some(extras) = extras {
        let mut list: Vec<String> = extras
            .split(',')
            .map(|e| e.trim().to_ascii_lowercase())
            .filter(|e| !e.is_empty())
            .collect();
        crate::order::sort(&mut list);
        if !list.is_empty() {
            out.push('[');
            out.push_str(&list.join(","));
            out.push(']');
        }
    }
    out
}

/// `(dependencies, devDependencies)` names of a package.json. A tolerant scan, not a JSON
/// parser: it reads the two objects' keys and ignores everything else.
pub fn package_json_dependencies(text: &str) -> (Vec<String>, Vec<String>) {
    (
        object_keys(text, "\"dependencies\""),
        object_keys(text, "\"devDependencies\""),
    )
}

fn object_keys(text: &str, key: &str) -> Vec<String> {
    let mut keys = Vec::new();
    // The first occurrence whose value is an object (a script may be named "dependencies").
    let Some((rest, open)) = text.match_indices(key).find_map(|(at, _)| {
        let rest = &text[at + key.len()..];
        let open = rest.find('{')?;
        rest[..open]
            .trim()
            .strip_prefix(':')
            .is_some_and(|between| between.trim().is_empty())
            .then_some((rest, open))
    }) else {
        return keys;
    };
    let mut depth = 0;
    let mut expecting_key = true;
    let mut chars = rest[open..].char_indices();
    while let Some((_, c)) = chars.next() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => expecting_key = true,
            ':' if depth == 1 => expecting_key = false,
            '"' => {
                let mut s = String::new();
                let mut escaped = false;
                for (_, q) in chars.by_ref() {
                    if escaped {
                        s.push(q);
                        escaped = false;
                    } else if q == '\\' {
                        escaped = true;
                    } else if q == '"' {
                        break;
                    } else {
                        s.push(q);
                    }
                }
                if depth == 1 && expecting_key {
                    keys.push(s);
                }
            }
            _ => {}
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_requirements() {
        let text = "# app\nFastAPI==0.115.0\nuvicorn[standard]>=0.30 ; python_version>'3.8'\n\
                    -r other.txt\npsycopg2  # database\nzope.interface\n--hash=sha256:x\n";
        assert_eq!(
            requirements_names(text),
            ["fastapi", "uvicorn[standard]", "psycopg2", "zope-interface"]
        );
    }

    #[test]
    fn reads_package_json() {
        let text = r#"{"name":"x","scripts":{"dependencies":"no"},
            "dependencies": {"express": "^4", "@prisma/client": "5"},
            "devDependencies": {"typescript": "5", "jest": {"weird": "nested"}}}"#;
        let (deps, dev) = package_json_dependencies(text);
        assert_eq!(deps, ["express", "@prisma/client"]);
        assert_eq!(dev, ["typescript", "jest"]);
    }
}

#[cfg(test)]
mod pyproject_tests {
    use super::requirements_names;

    #[test]
    fn reads_pep_621_dependencies_on_one_line_and_across_lines() {
        let one_line = "[project]\nname = \"app\"\ndependencies = [\"fastapi>=0.110\", \"uvicorn[standard]\"]\n";
        assert_eq!(
            requirements_names(one_line),
            ["fastapi", "uvicorn[standard]"]
        );
        let across = "[build-system]\nrequires = [\"hatchling\"]\n\n[project]\nname = \"app\"\ndependencies = [\n    \"Django>=5.0\",  # the web framework\n    'psycopg2-binary',\n    \"gunicorn ; sys_platform != 'win32'\",\n]\n\n[project.optional-dependencies]\ntest = [\"pytest\"]\n";
        assert_eq!(
            requirements_names(across),
            ["django", "psycopg2-binary", "gunicorn"]
        );
    }

    #[test]
    fn reads_poetry_dependencies_without_python_or_dev_groups() {
        let poetry = "[tool.poetry]\nname = \"app\"\n\n[tool.poetry.dependencies]\npython = \"^3.12\"\nFlask = \"^3.0\"\ncelery = { version = \"^5.4\", extras = [\"redis\"] }\n\n[tool.poetry.group.dev.dependencies]\npytest = \"^8\"\n";
        assert_eq!(requirements_names(poetry), ["flask", "celery[redis]"]);
    }

    #[test]
    fn a_requirements_file_is_still_read_as_one() {
        assert_eq!(
            requirements_names("# deps\nrequests==2.32.3\n-r base.txt\n"),
            ["requests"]
        );
    }
}
