//! Reading dependency manifests: requirements.txt and package.json, just far enough to name
//! the packages they install.

/// Package names in a requirements.txt: comments, options (`-r`, `--hash`...), markers,
/// extras and version specifiers are dropped. Names are normalised (lower case, `_` → `-`).
/// A name with extras keeps them as `name[extra]` so a measured row for it can be found.
pub fn requirements_names(text: &str) -> Vec<String> {
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
        list.sort();
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
