//! Hostile Dockerfile shapes: generated inputs that a person or an attacker can paste and that
//! once made an entry point quadratic, exponential or recursive. Shared by the hostile-input
//! test (`tests/hostile.rs`) and the scaling bench (`benches/scaling.rs`), which include this
//! file by path.
//!
//! Each generator takes a target size in bytes and returns inputs of about that size whose
//! repeated unit is the shape; `count` says how many units went in, so a test can check
//! that the result is the size it should be.

#![allow(dead_code)]

/// One generated input: the Dockerfile and the side files the page takes.
pub struct Hostile {
    pub dockerfile: String,
    pub dockerignore: String,
    pub requirements: String,
    /// How many repeated units the generator wrote (levels, stages, pairs, lines...).
    pub count: usize,
}

impl Hostile {
    fn dockerfile(dockerfile: String, count: usize) -> Self {
        Hostile {
            dockerfile,
            dockerignore: String::new(),
            requirements: String::new(),
            count,
        }
    }
}

/// A shape: its name and its generator.
pub struct Shape {
    pub name: &'static str,
    pub generate: fn(usize) -> Hostile,
}

/// Every shape, the table first, then the ones added with it.
pub const SHAPES: &[Shape] = &[
    Shape {
        name: "nested_command_substitution",
        generate: nested_command_substitution,
    },
    Shape {
        name: "arg_doubling",
        generate: arg_doubling,
    },
    Shape {
        name: "env_doubling",
        generate: env_doubling,
    },
    Shape {
        name: "copy_from_chain",
        generate: copy_from_chain,
    },
    Shape {
        name: "arg_per_from",
        generate: arg_per_from,
    },
    Shape {
        name: "one_env_many_pairs",
        generate: one_env_many_pairs,
    },
    Shape {
        name: "env_chain",
        generate: env_chain,
    },
    Shape {
        name: "many_mount_flags",
        generate: many_mount_flags,
    },
    Shape {
        name: "heredoc_runs",
        generate: heredoc_runs,
    },
    Shape {
        name: "pip_install_runs",
        generate: pip_install_runs,
    },
    Shape {
        name: "mixed_install_runs",
        generate: mixed_install_runs,
    },
    Shape {
        name: "apt_get_many_packages",
        generate: apt_get_many_packages,
    },
    Shape {
        name: "continuation_lines",
        generate: continuation_lines,
    },
    Shape {
        name: "nested_backticks",
        generate: nested_backticks,
    },
    Shape {
        name: "nested_subshells",
        generate: nested_subshells,
    },
    Shape {
        name: "nested_braces",
        generate: nested_braces,
    },
    Shape {
        name: "nested_arithmetic",
        generate: nested_arithmetic,
    },
    Shape {
        name: "nested_parameter_defaults",
        generate: nested_parameter_defaults,
    },
    Shape {
        name: "nested_quotes",
        generate: nested_quotes,
    },
    Shape {
        name: "nested_json",
        generate: nested_json,
    },
    Shape {
        name: "nested_json_past_limit",
        generate: nested_json_past_limit,
    },
    Shape {
        name: "long_pipeline",
        generate: long_pipeline,
    },
    Shape {
        name: "long_and_list",
        generate: long_and_list,
    },
    Shape {
        name: "huge_label",
        generate: huge_label,
    },
    Shape {
        name: "huge_expose",
        generate: huge_expose,
    },
    Shape {
        name: "many_onbuild",
        generate: many_onbuild,
    },
    Shape {
        name: "big_reference_fanout",
        generate: big_reference_fanout,
    },
    Shape {
        name: "large_dockerignore",
        generate: large_dockerignore,
    },
    Shape {
        name: "large_requirements",
        generate: large_requirements,
    },
    Shape {
        name: "from_chain",
        generate: from_chain,
    },
];

/// Repeats `unit(i)` until the text reaches `bytes`, between `head` and `tail`.
fn repeat(
    bytes: usize,
    head: &str,
    tail: &str,
    mut unit: impl FnMut(usize) -> String,
) -> (String, usize) {
    let mut text = String::with_capacity(bytes + 64);
    text.push_str(head);
    let mut count = 0;
    while text.len() + tail.len() < bytes {
        text.push_str(&unit(count));
        count += 1;
    }
    text.push_str(tail);
    (text, count.max(1))
}

/// [`repeat`] for one instruction: a line continuation after every 16 units keeps each
/// physical line far below BuildKit's 64 KiB line limit, so the shape is one instruction.
fn repeat_continued(
    bytes: usize,
    head: &str,
    tail: &str,
    mut unit: impl FnMut(usize) -> String,
) -> (String, usize) {
    repeat(bytes, head, tail, |i| {
        let text = unit(i);
        if i % 16 == 15 {
            format!("{text} \\\n")
        } else {
            text
        }
    })
}

/// `open` repeated `depth` times, then `middle`, then `close` as many times; a line
/// continuation after every 256 levels keeps physical lines short.
fn nest(depth: usize, open: &str, middle: &str, close: &str) -> String {
    let mut text = String::with_capacity(depth * (open.len() + close.len() + 1) + middle.len());
    for level in 0..depth {
        text.push_str(open);
        if level % 256 == 255 {
            text.push_str("\\\n");
        }
    }
    text.push_str(middle);
    for level in 0..depth {
        text.push_str(close);
        if level % 256 == 255 {
            text.push_str("\\\n");
        }
    }
    text
}

/// Levels of nesting that fit in `bytes` when each level costs `per_level` bytes.
fn levels(bytes: usize, per_level: usize) -> usize {
    (bytes / per_level).max(1)
}

/// `RUN $( $( ... x ) )`: command substitution nested as deep as the size allows.
pub fn nested_command_substitution(bytes: usize) -> Hostile {
    let depth = levels(bytes, 5);
    let text = format!("FROM alpine\nRUN {}\n", nest(depth, "$( ", "x", " )"));
    Hostile::dockerfile(text, depth)
}

/// ARGs that each double the one before: `A1=${A0}${A0}`, 2^n bytes after n of them.
pub fn arg_doubling(bytes: usize) -> Hostile {
    let (mut text, count) = repeat(bytes, "ARG A0=xx\n", "", |i| {
        format!("ARG A{}=${{A{i}}}${{A{i}}}\n", i + 1)
    });
    text.push_str(&format!(
        "FROM alpine:${{A{count}}}\nRUN echo ${{A{count}}}\n"
    ));
    Hostile::dockerfile(text, count)
}

/// The same doubling with ENV inside a stage.
pub fn env_doubling(bytes: usize) -> Hostile {
    let (mut text, count) = repeat(bytes, "FROM alpine\nENV A0=xx\n", "", |i| {
        format!("ENV A{}=${{A{i}}}${{A{i}}}\n", i + 1)
    });
    text.push_str(&format!("WORKDIR /${{A{count}}}\nRUN echo $A{count}\n"));
    Hostile::dockerfile(text, count)
}

/// Stages that each copy from the one before.
pub fn copy_from_chain(bytes: usize) -> Hostile {
    let (text, count) = repeat(bytes, "FROM alpine AS s0\nRUN echo hi > /a\n", "", |i| {
        format!("FROM alpine AS s{}\nCOPY --from=s{i} /a /a\n", i + 1)
    });
    Hostile::dockerfile(text, count + 1)
}

/// Python stages that each build on the one before and add to what it holds: an ENV, a
/// directory, an apt package. Copying what a stage holds into the next made every entry point
/// that tracks it quadratic in memory (1.7 GB for 200 KB with ENV alone).
pub fn from_chain(bytes: usize) -> Hostile {
    let (text, count) = repeat(
        bytes,
        "FROM python:3.12-slim AS s0
",
        "",
        |i| {
            format!(
                "FROM s{i} AS s{}
ENV K{i}=v
RUN apt-get install -y p{i} && mkdir /d{i}
",
                i + 1
            )
        },
    );
    Hostile::dockerfile(text, count)
}

/// One global ARG per stage, each stage's FROM reading its own: `FROM ${V7} AS s7`.
pub fn arg_per_from(bytes: usize) -> Hostile {
    let n = (bytes / 43).max(1);
    let mut text = String::with_capacity(bytes + 64);
    for i in 0..n {
        text.push_str(&format!("ARG V{i}=alpine\n"));
    }
    for i in 0..n {
        text.push_str(&format!("FROM ${{V{i}}} AS s{i}\n"));
    }
    Hostile::dockerfile(text, n)
}

/// One ENV instruction with many `K=v` pairs.
pub fn one_env_many_pairs(bytes: usize) -> Hostile {
    let (text, count) =
        repeat_continued(bytes, "FROM alpine\nENV", "\n", |i| format!(" K{i}=v{i}"));
    Hostile::dockerfile(text, count)
}

/// ENVs that each extend the one before by a character: `ENV K7=$K6x`.
pub fn env_chain(bytes: usize) -> Hostile {
    let (text, count) = repeat(bytes, "FROM alpine\nENV K0=x\n", "RUN echo $K0\n", |i| {
        format!("ENV K{}=$K{i}x\n", i + 1)
    });
    Hostile::dockerfile(text, count)
}

/// One RUN with many `--mount` flags.
pub fn many_mount_flags(bytes: usize) -> Hostile {
    let (text, count) = repeat_continued(bytes, "FROM alpine\nRUN", " true\n", |i| {
        format!(" --mount=type=cache,target=/c{i}")
    });
    Hostile::dockerfile(text, count)
}

/// Many RUNs whose script is a heredoc.
pub fn heredoc_runs(bytes: usize) -> Hostile {
    let (text, count) = repeat(
        bytes,
        "# syntax=docker/dockerfile:1\nFROM alpine\n",
        "",
        |i| format!("RUN <<EOF\necho {i}\nEOF\n"),
    );
    Hostile::dockerfile(text, count)
}

/// Many `RUN pip install` lines.
pub fn pip_install_runs(bytes: usize) -> Hostile {
    let (text, count) = repeat(bytes, "FROM python:3.12-slim\n", "", |i| {
        format!("RUN pip install pkg{i}\n")
    });
    Hostile::dockerfile(text, count)
}

/// A long ordinary file, the page benchmark's paste: apt and pip installs, COPYs, ENVs and
/// comments in turn. Its ENVs once made DL3033/DL3041 copy every name declared so far for
/// each RUN (19 s at 1.6 MB).
pub fn mixed_install_runs(bytes: usize) -> Hostile {
    let (text, count) = repeat(bytes, "FROM python:3.12\n", "", |i| {
        format!(
            "RUN apt-get update && apt-get install -y curl libpq-dev{i}\n\
             RUN pip install fastapi==0.{i}.0 uvicorn\n\
             COPY src/module{i} /app/module{i}\n\
             ENV SETTING_{i}=value{i}\n\
             # step {i}: comments are lines too\n"
        )
    });
    Hostile::dockerfile(text, count)
}

/// One `apt-get install` of very many packages.
pub fn apt_get_many_packages(bytes: usize) -> Hostile {
    let (text, count) = repeat_continued(
        bytes,
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends",
        " && rm -rf /var/lib/apt/lists/*\n",
        |i| format!(" pkg{i}"),
    );
    Hostile::dockerfile(text, count)
}

/// One RUN continued over very many lines.
pub fn continuation_lines(bytes: usize) -> Hostile {
    let (text, count) = repeat(bytes, "FROM alpine\nRUN true", "\n", |_| {
        " \\\n x".to_string()
    });
    Hostile::dockerfile(text, count)
}

/// Backticks and command substitution alternating: `` `$( `$( x )` )` ``.
pub fn nested_backticks(bytes: usize) -> Hostile {
    let depth = levels(bytes, 7);
    let text = format!("FROM alpine\nRUN {}\n", nest(depth, "`$( ", "x", " )`"));
    Hostile::dockerfile(text, depth)
}

/// Subshells `( ( ( x ) ) )`.
pub fn nested_subshells(bytes: usize) -> Hostile {
    let depth = levels(bytes, 4);
    let text = format!("FROM alpine\nRUN {}\n", nest(depth, "( ", "true", " )"));
    Hostile::dockerfile(text, depth)
}

/// Brace groups `{ { x; }; }`.
pub fn nested_braces(bytes: usize) -> Hostile {
    let depth = levels(bytes, 5);
    let text = format!("FROM alpine\nRUN {}\n", nest(depth, "{ ", "true", "; }"));
    Hostile::dockerfile(text, depth)
}

/// Arithmetic `$(( ((( 1 ))) ))`.
pub fn nested_arithmetic(bytes: usize) -> Hostile {
    let depth = levels(bytes, 2);
    let text = format!(
        "FROM alpine\nRUN echo $(( {} ))\n",
        nest(depth, "(", "1", ")")
    );
    Hostile::dockerfile(text, depth)
}

/// Parameter defaults `${a:-${a:-${a:-x}}}` in a FROM, an ENV and a RUN.
pub fn nested_parameter_defaults(bytes: usize) -> Hostile {
    let depth = levels(bytes / 3, 6);
    let word = nest(depth, "${a:-", "x", "}");
    let text = format!("FROM alpine:{word}\nENV B={word}\nRUN echo {word}\n");
    Hostile::dockerfile(text, depth)
}

/// Quotes inside command substitutions inside quotes: `"$( "$( "x" )" )"`.
pub fn nested_quotes(bytes: usize) -> Hostile {
    let depth = levels(bytes, 7);
    let text = format!(
        "FROM alpine\nRUN echo {}\n",
        nest(depth, "\"$( ", "x", " )\"")
    );
    Hostile::dockerfile(text, depth)
}

/// JSON-form arguments nested deep but within Go's limit of 10,000 levels (which BuildKit's
/// decoder has and `syntax/json.rs` mirrors): lines of `CMD [[[…["x",]…]]]` and of
/// `ENTRYPOINT [{"k":{"k":…"x",…}}]`, 1,000 levels each. The comma before the innermost
/// close makes each line invalid JSON, found only at the bottom of the nesting, so every
/// line is read down its whole depth and then taken as shell form, as BuildKit takes it.
/// (Valid JSON whose element is not a string would be a parse error, and parsing stops at
/// the first one: the rest of the file would never be read.)
///
/// Until issue 12's scaling table this was one `CMD` nested as deep as the size allowed: at
/// 10 KB it was within the limit (a parse error, so no estimate or rewrite had anything to
/// do) and from 100 KB past it (read as shell form, every entry point at work), so the 1 MB /
/// 10 KB ratio compared two paths instead of one path at two sizes. Lines of a fixed depth
/// keep every size on one path; [`nested_json_past_limit`] covers the other side of the
/// limit.
pub fn nested_json(bytes: usize) -> Hostile {
    const DEPTH: usize = 1_000;
    let (text, count) = repeat(bytes, "FROM alpine\n", "", |i| {
        if i % 2 == 0 {
            format!("CMD {}\n", nest(DEPTH, "[", "\"x\",", "]"))
        } else {
            format!("ENTRYPOINT [{}]\n", nest(DEPTH, "{\"k\":", "\"x\",", "}"))
        }
    });
    Hostile::dockerfile(text, count)
}

/// JSON-form arguments nested one level past Go's limit of 10,000: lines of
/// `CMD [[[…["x"]…]]]` 10,001 deep, which BuildKit's decoder gives up on and reads as shell
/// form, as `syntax/json.rs` does; every entry point then takes the line's text as one
/// word. Each line is about 20 KB, so at 10 KB the shape is one line (the smallest input
/// that has it); see [`nested_json`] for nesting within the limit.
pub fn nested_json_past_limit(bytes: usize) -> Hostile {
    const DEPTH: usize = 10_001;
    let (text, count) = repeat(bytes, "FROM alpine\n", "", |_| {
        format!("CMD {}\n", nest(DEPTH, "[", "\"x\"", "]"))
    });
    Hostile::dockerfile(text, count)
}

/// One RUN that is a pipeline of very many commands.
pub fn long_pipeline(bytes: usize) -> Hostile {
    let (text, count) = repeat_continued(
        bytes,
        "FROM alpine\nRUN set -o pipefail; cat /etc/os-release",
        "\n",
        |i| format!(" | grep -v x{i}"),
    );
    Hostile::dockerfile(text, count)
}

/// One RUN that is a `&&` list of very many commands, `cd` and `apk add` among them.
pub fn long_and_list(bytes: usize) -> Hostile {
    let (text, count) = repeat_continued(bytes, "FROM alpine\nRUN true", "\n", |i| match i % 3 {
        0 => format!(" && cd /d{i}"),
        1 => format!(" && apk add --no-cache p{i}"),
        _ => format!(" && echo {i}"),
    });
    Hostile::dockerfile(text, count)
}

/// One LABEL with very many pairs.
pub fn huge_label(bytes: usize) -> Hostile {
    let (text, count) = repeat_continued(bytes, "FROM alpine\nLABEL", "\n", |i| {
        format!(" org.example.k{i}=\"v {i}\"")
    });
    Hostile::dockerfile(text, count)
}

/// One EXPOSE with very many ports.
pub fn huge_expose(bytes: usize) -> Hostile {
    let (text, count) = repeat_continued(bytes, "FROM alpine\nEXPOSE", "\n", |i| {
        format!(" {}/tcp", 1 + i % 65535)
    });
    Hostile::dockerfile(text, count)
}

/// Very many ONBUILD triggers.
pub fn many_onbuild(bytes: usize) -> Hostile {
    let (text, count) = repeat(bytes, "FROM alpine\n", "", |i| match i % 3 {
        0 => format!("ONBUILD RUN echo {i}\n"),
        1 => format!("ONBUILD COPY a{i} /b\n"),
        _ => format!("ONBUILD ENV K{i}=v\n"),
    });
    Hostile::dockerfile(text, count)
}

/// One value near the expansion limit, referenced on every line after it.
pub fn big_reference_fanout(bytes: usize) -> Hostile {
    let (text, count) = repeat(
        bytes,
        "ARG A0=xxxxxxxxxxxxxxxx\nARG A1=${A0}${A0}${A0}${A0}${A0}${A0}${A0}${A0}${A0}${A0}${A0}${A0}${A0}${A0}${A0}${A0}\nARG A2=${A1}${A1}${A1}${A1}${A1}${A1}${A1}${A1}${A1}${A1}${A1}${A1}${A1}${A1}${A1}${A1}\nARG A3=${A2}${A2}${A2}${A2}${A2}${A2}${A2}${A2}${A2}${A2}${A2}${A2}${A2}${A2}${A2}${A2}\nARG A4=${A3}${A3}${A3}${A3}${A3}${A3}${A3}${A3}${A3}${A3}${A3}${A3}${A3}${A3}${A3}${A3}\nFROM alpine\nARG A4\nENV B=${A4}\n",
        "",
        |i| match i % 3 {
            0 => format!("RUN echo $B{i}\n"),
            1 => format!("WORKDIR /$A4/{i}\n"),
            _ => format!("LABEL l{i}=$B\n"),
        },
    );
    Hostile::dockerfile(text, count)
}

/// A `.dockerignore` of very many patterns beside a file that copies a lot.
pub fn large_dockerignore(bytes: usize) -> Hostile {
    let (dockerignore, count) = repeat(bytes, ".git\n", "!keep\n", |i| match i % 4 {
        0 => format!("**/build{i}/**\n"),
        1 => format!("!src/k{i}\n"),
        2 => format!("dir{i}/*.tmp\n"),
        _ => format!("# comment {i}\n"),
    });
    Hostile {
        dockerfile: "FROM python:3.12-slim\nCOPY . /app\nCOPY src/a.py setup.cfg /app/\nRUN pip install /app\n"
            .to_string(),
        dockerignore,
        requirements: String::new(),
        count,
    }
}

/// A requirements file of very many pins.
pub fn large_requirements(bytes: usize) -> Hostile {
    let (requirements, count) = repeat(bytes, "", "", |i| match i % 4 {
        0 => format!("package-{i}==1.{i}\n"),
        1 => format!("numpy>=1.{i}  # pinned\n"),
        2 => format!("requests[socks]~=2.{i}; python_version>\"3.8\"\n"),
        _ => "-r other.txt\n".to_string(),
    });
    Hostile {
        dockerfile:
            "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n"
                .to_string(),
        dockerignore: String::new(),
        requirements,
        count,
    }
}
