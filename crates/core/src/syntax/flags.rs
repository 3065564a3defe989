//! Typed views of instruction flags: `RUN --mount/--network/--security`,
//! `COPY/ADD --from/--chown/--chmod/--link/--parents/--exclude/--checksum/--keep-git-dir`,
//! `FROM --platform ... AS name` and `HEALTHCHECK` options.
//!
//! Meanings follow BuildKit's instruction parser (`frontend/dockerfile/instructions`) and the
//! Dockerfile reference; problems are values with the flag's span.

use std::borrow::Cow;

use super::span::Span;
use super::tree::{Flag, Instruction, InstructionKind};

/// A flag problem the builder would reject, with the flag's span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagError {
    /// What is wrong and how to fix it.
    pub message: String,
    /// The flag at fault.
    pub span: Span,
}

/// What kind of filesystem a `RUN --mount` attaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MountType {
    /// `type=bind` (the default): files from the context or another stage, read-only by default.
    Bind,
    /// `type=cache`: a directory kept between builds (package manager caches).
    Cache,
    /// `type=tmpfs`: an in-memory directory.
    Tmpfs,
    /// `type=secret`: a secret file, never stored in the image.
    Secret,
    /// `type=ssh`: the SSH agent socket.
    Ssh,
}

/// One `RUN --mount=...` flag, every key read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    /// `type=`; bind when absent.
    pub kind: MountType,
    /// `target=` / `dst=` / `destination=`.
    pub target: Option<String>,
    /// `source=` / `src=`.
    pub source: Option<String>,
    /// `from=`: a stage or image to mount from.
    pub from: Option<String>,
    /// `id=` (cache, secret, ssh).
    pub id: Option<String>,
    /// `sharing=shared|private|locked` (cache).
    pub sharing: Option<String>,
    /// `readonly` / `ro` (or `rw=false`).
    pub readonly: bool,
    /// `required=` (secret, ssh).
    pub required: Option<bool>,
    /// `mode=` (cache, secret, ssh), as written (octal).
    pub mode: Option<String>,
    /// `uid=`.
    pub uid: Option<String>,
    /// `gid=`.
    pub gid: Option<String>,
    /// `size=` (tmpfs).
    pub size: Option<String>,
    /// `env=` (secret exposed as an environment variable).
    pub env: Option<String>,
    /// Every `key[=value]` field in order, keys lower-cased, for rules that need the rest.
    pub fields: Vec<(String, Option<String>)>,
}

/// Splits a CSV record the way Go's `encoding/csv` reads one line: commas separate, a field
/// starting with `"` is quoted and `""` is a literal quote.
fn csv_fields(text: &str) -> Result<Vec<Cow<'_, str>>, String> {
    // Read a field at a time (not a character at a time into a growing string): an unquoted
    // field, nearly every one, is borrowed as it is.
    let mut fields = Vec::with_capacity(text.bytes().filter(|&b| b == b',').count() + 1);
    let mut rest = text;
    loop {
        let Some(mut quoted) = rest.strip_prefix('"') else {
            match rest.split_once(',') {
                Some((field, after)) => {
                    fields.push(Cow::Borrowed(field));
                    rest = after;
                    continue;
                }
                None => {
                    fields.push(Cow::Borrowed(rest));
                    return Ok(fields);
                }
            }
        };
        // `""` inside quotes is one `"`.
        let mut field = String::new();
        loop {
            let Some((part, after)) = quoted.split_once('"') else {
                return Err("a quoted field is not closed".into());
            };
            field.push_str(part);
            match after.strip_prefix('"') {
                Some(after) => {
                    field.push('"');
                    quoted = after;
                }
                None => {
                    quoted = after;
                    break;
                }
            }
        }
        fields.push(Cow::Owned(field));
        match quoted.strip_prefix(',') {
            Some(after) => rest = after,
            None if quoted.is_empty() => return Ok(fields),
            None => return Err("extra text after a quoted field".into()),
        }
    }
}

/// Go's `strconv.ParseBool`.
fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

impl Mount {
    /// Reads a `--mount` value such as `type=cache,target=/root/.cache,sharing=locked`.
    pub fn parse(value: &str) -> Result<Mount, String> {
        let mut mount = Mount {
            kind: MountType::Bind,
            target: None,
            source: None,
            from: None,
            id: None,
            sharing: None,
            readonly: false,
            required: None,
            mode: None,
            uid: None,
            gid: None,
            size: None,
            env: None,
            fields: Vec::new(),
        };
        let fields = csv_fields(value).map_err(|e| format!("cannot read --mount={value}: {e}"))?;
        mount.fields.reserve_exact(fields.len());
        for field in fields {
            let (key, val) = match field.split_once('=') {
                Some((k, v)) => (k.trim().to_ascii_lowercase(), Some(v)),
                None => (field.trim().to_ascii_lowercase(), None),
            };
            let bool_value = |default: bool| -> Result<bool, String> {
                match &val {
                    None => Ok(default),
                    Some(v) => parse_bool(v)
                        .ok_or_else(|| format!("`{key}={v}` in --mount needs true or false")),
                }
            };
            match key.as_str() {
                "readonly" | "ro" => mount.readonly = bool_value(true)?,
                "readwrite" | "rw" => mount.readonly = !bool_value(true)?,
                "required" => mount.required = Some(bool_value(true)?),
                _ => {
                    let Some(v) = val else {
                        return Err(format!(
                            "`{key}` in --mount needs a value: write `{key}=...`"
                        ));
                    };
                    match key.as_str() {
                        "type" => {
                            mount.kind = match v.to_ascii_lowercase().as_str() {
                                "bind" => MountType::Bind,
                                "cache" => MountType::Cache,
                                "tmpfs" => MountType::Tmpfs,
                                "secret" => MountType::Secret,
                                "ssh" => MountType::Ssh,
                                other => {
                                    return Err(format!(
                                        "unknown mount type `{other}`; use bind, cache, tmpfs, secret or ssh"
                                    ))
                                }
                            }
                        }
                        "target" | "dst" | "destination" => mount.target = Some(v.into()),
                        "source" | "src" => mount.source = Some(v.into()),
                        "from" => mount.from = Some(v.into()),
                        "id" => mount.id = Some(v.into()),
                        "sharing" => {
                            if !matches!(v, "shared" | "private" | "locked") {
                                return Err(format!(
                                    "`sharing={v}` in --mount must be shared, private or locked"
                                ));
                            }
                            mount.sharing = Some(v.into())
                        }
                        "mode" => mount.mode = Some(v.into()),
                        "uid" => mount.uid = Some(v.into()),
                        "gid" => mount.gid = Some(v.into()),
                        "size" => mount.size = Some(v.into()),
                        "env" => mount.env = Some(v.into()),
                        other => {
                            return Err(format!("--mount does not know the key `{other}`"));
                        }
                    }
                }
            }
            // Kept after it is read, so the key and value are moved in rather than copied.
            mount.fields.push((key, val.map(str::to_string)));
        }
        if mount.target.is_none() && !matches!(mount.kind, MountType::Secret | MountType::Ssh) {
            return Err(format!(
                "--mount={value} needs a target: add `target=/path`"
            ));
        }
        Ok(mount)
    }
}

/// `RUN` flags.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunOptions {
    /// Every `--mount` that could be read, in order.
    pub mounts: Vec<Mount>,
    /// `--network=default|none|host`.
    pub network: Option<String>,
    /// `--security=sandbox|insecure`.
    pub security: Option<String>,
}

/// `COPY` and `ADD` flags.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CopyOptions {
    /// `--from=stage|image|index`.
    pub from: Option<String>,
    /// `--chown=user[:group]`.
    pub chown: Option<String>,
    /// `--chmod=mode`.
    pub chmod: Option<String>,
    /// `--link`.
    pub link: bool,
    /// `--parents`.
    pub parents: bool,
    /// Every `--exclude=pattern`.
    pub exclude: Vec<String>,
    /// `--checksum=sha256:...` (ADD).
    pub checksum: Option<String>,
    /// `--keep-git-dir` (ADD).
    pub keep_git_dir: bool,
}

/// `FROM [--platform=...] image [AS name]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FromOptions {
    /// The image reference as written (variables not yet expanded).
    pub image: String,
    /// Where the image reference is.
    pub image_span: Span,
    /// The stage name after `AS`, as written.
    pub name: Option<String>,
    /// Where the stage name is.
    pub name_span: Option<Span>,
    /// `--platform=`.
    pub platform: Option<String>,
}

/// `HEALTHCHECK` options and command.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HealthcheckOptions {
    /// `HEALTHCHECK NONE`: turns off a health check inherited from the base image.
    pub none: bool,
    /// `--interval=`.
    pub interval: Option<String>,
    /// `--timeout=`.
    pub timeout: Option<String>,
    /// `--start-period=`.
    pub start_period: Option<String>,
    /// `--start-interval=`.
    pub start_interval: Option<String>,
    /// `--retries=`.
    pub retries: Option<String>,
    /// The command words after `CMD` (one shell string, or the JSON elements).
    pub command: Vec<String>,
}

/// One `EXPOSE` entry: `80`, `443/tcp`, `53/udp`, `8000-8010`, or a variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExposedPort {
    /// The entry as written.
    pub text: String,
    /// The first port, when the entry is a number (not a variable such as `$PORT`).
    pub port: Option<u16>,
    /// The last port of a range (`8000-8010`), when there is one.
    pub range_end: Option<u16>,
    /// `tcp` (the default) or what follows `/`, lower-cased.
    pub protocol: String,
    /// Where the entry is.
    pub span: Span,
}

fn flag_value(flag: &Flag) -> Option<String> {
    flag.value.clone()
}

fn flag_bool(flag: &Flag, errors: &mut Vec<FlagError>) -> bool {
    match &flag.value {
        None => true,
        Some(v) => parse_bool(v).unwrap_or_else(|| {
            errors.push(FlagError {
                message: format!("--{} takes true or false, not `{v}`", flag.name),
                span: flag.span,
            });
            false
        }),
    }
}

/// The flags each instruction accepts, from the Dockerfile reference.
fn known_flags(kind: InstructionKind) -> &'static [&'static str] {
    match kind {
        InstructionKind::Run => &["mount", "network", "security"],
        InstructionKind::Copy => &["from", "chown", "chmod", "link", "parents", "exclude"],
        InstructionKind::Add => &[
            "chown",
            "chmod",
            "link",
            "parents",
            "exclude",
            "checksum",
            "keep-git-dir",
        ],
        InstructionKind::From => &["platform"],
        InstructionKind::Healthcheck => &[
            "interval",
            "timeout",
            "start-period",
            "start-interval",
            "retries",
        ],
        _ => &[],
    }
}

impl Instruction {
    /// Flags this instruction does not accept (`COPY --foo`), as the builder would reject them.
    pub fn unknown_flags(&self) -> Vec<FlagError> {
        let known = known_flags(self.kind());
        self.flags
            .iter()
            .filter(|flag| !known.contains(&flag.name.as_str()))
            .map(|flag| FlagError {
                message: format!(
                    "{} does not take --{}{}",
                    self.kind(),
                    flag.name,
                    if known.is_empty() {
                        String::new()
                    } else {
                        format!(" (it takes --{})", known.join(", --"))
                    }
                ),
                span: flag.span,
            })
            .collect()
    }

    /// RUN's flags, with the mounts read; unreadable mounts are returned as errors.
    pub fn run_options(&self) -> (RunOptions, Vec<FlagError>) {
        let mut options = RunOptions::default();
        let mut errors = Vec::new();
        for flag in &self.flags {
            match flag.name.as_str() {
                "mount" => match Mount::parse(flag.value.as_deref().unwrap_or("")) {
                    Ok(mount) => options.mounts.push(mount),
                    Err(message) => errors.push(FlagError {
                        message,
                        span: flag.span,
                    }),
                },
                "network" => options.network = flag_value(flag),
                "security" => options.security = flag_value(flag),
                _ => {}
            }
        }
        (options, errors)
    }

    /// COPY's or ADD's flags.
    pub fn copy_options(&self) -> (CopyOptions, Vec<FlagError>) {
        let mut options = CopyOptions::default();
        let mut errors = Vec::new();
        for flag in &self.flags {
            match flag.name.as_str() {
                "from" => options.from = flag_value(flag),
                "chown" => options.chown = flag_value(flag),
                "chmod" => options.chmod = flag_value(flag),
                "link" => options.link = flag_bool(flag, &mut errors),
                "parents" => options.parents = flag_bool(flag, &mut errors),
                "keep-git-dir" => options.keep_git_dir = flag_bool(flag, &mut errors),
                "exclude" => options.exclude.extend(flag_value(flag)),
                "checksum" => options.checksum = flag_value(flag),
                _ => {}
            }
        }
        (options, errors)
    }

    /// FROM's image, stage name and platform; `None` for other instructions or a FROM without
    /// an image.
    pub fn from_options(&self) -> Option<FromOptions> {
        if self.kind() != InstructionKind::From {
            return None;
        }
        let image = self.values.first()?;
        let (name, name_span) = match self.values.as_slice() {
            [_, as_word, name, ..] if as_word.text.eq_ignore_ascii_case("as") => {
                (Some(name.text.clone()), Some(name.span))
            }
            _ => (None, None),
        };
        Some(FromOptions {
            image: image.text.clone(),
            image_span: image.span,
            name,
            name_span,
            platform: self.flag("platform").and_then(flag_value),
        })
    }

    /// EXPOSE's ports (empty for other instructions).
    pub fn exposed_ports(&self) -> Vec<ExposedPort> {
        if self.kind() != InstructionKind::Expose {
            return Vec::new();
        }
        self.values
            .iter()
            .map(|word| {
                let (ports, protocol) = match word.text.split_once('/') {
                    Some((ports, protocol)) => (ports, protocol.to_ascii_lowercase()),
                    None => (word.text.as_str(), "tcp".to_string()),
                };
                let (first, last) = match ports.split_once('-') {
                    Some((first, last)) => (first, Some(last)),
                    None => (ports, None),
                };
                ExposedPort {
                    text: word.text.clone(),
                    port: first.parse().ok(),
                    range_end: last.and_then(|last| last.parse().ok()),
                    protocol,
                    span: word.span,
                }
            })
            .collect()
    }

    /// HEALTHCHECK's options and command; `None` for other instructions.
    pub fn healthcheck_options(&self) -> Option<HealthcheckOptions> {
        if self.kind() != InstructionKind::Healthcheck {
            return None;
        }
        let mut options = HealthcheckOptions::default();
        for flag in &self.flags {
            let value = flag_value(flag);
            match flag.name.as_str() {
                "interval" => options.interval = value,
                "timeout" => options.timeout = value,
                "start-period" => options.start_period = value,
                "start-interval" => options.start_interval = value,
                "retries" => options.retries = value,
                _ => {}
            }
        }
        match self.values.split_first() {
            Some((first, _)) if first.text.eq_ignore_ascii_case("none") => options.none = true,
            Some((_, rest)) => options.command = rest.iter().map(|w| w.text.clone()).collect(),
            None => {}
        }
        Some(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_mount_key() {
        let mount = Mount::parse(
            "type=cache,target=/root/.cache,sharing=locked,id=pip,mode=0755,uid=1,gid=2,ro",
        )
        .unwrap();
        assert_eq!(mount.kind, MountType::Cache);
        assert_eq!(mount.target.as_deref(), Some("/root/.cache"));
        assert_eq!(mount.sharing.as_deref(), Some("locked"));
        assert!(mount.readonly);
        let secret = Mount::parse("type=secret,id=npmrc,required").unwrap();
        assert_eq!(secret.required, Some(true));
        assert!(Mount::parse("type=bind,source=.").is_err());
        assert!(Mount::parse("type=cache,target=/x,bogus=1").is_err());
        let quoted = Mount::parse("\"target=/a,b\",type=tmpfs").unwrap();
        assert_eq!(quoted.target.as_deref(), Some("/a,b"));
    }

    #[test]
    fn reads_exposed_ports_with_protocols_and_ranges() {
        let file = crate::syntax::parse("FROM a\nEXPOSE 80 53/UDP 8000-8010/tcp $PORT\n");
        let ports = file.instructions()[1].exposed_ports();
        let summary: Vec<_> = ports
            .iter()
            .map(|p| (p.port, p.range_end, p.protocol.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                (Some(80), None, "tcp"),
                (Some(53), None, "udp"),
                (Some(8000), Some(8010), "tcp"),
                (None, None, "tcp")
            ]
        );
    }
}
