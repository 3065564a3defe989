//! Which programs a file's scripts may run, known without reading their commands again:
//! the filter behind [`super::Model::may_run`].

/// The program names a file's scripts run, as a filter of 256 bits ([`super::Model::may_run`]):
/// each name sets two bits, and a name may be run only when both of its bits are set. With
/// one bit of 64, a file's twenty-odd names (as written and by base name) set a third of
/// them, and a quarter of the corpus's files seemed to run `vim` or `gem`, which the rules
/// that look for those then read every command of; with two of 256, about one name in
/// fifty that no script runs gets through.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Programs([u64; 4]);

impl Programs {
    pub(super) fn add(&mut self, bits: [u8; 2]) {
        for bit in bits {
            self.0[usize::from(bit >> 6)] |= 1 << (bit & 63);
        }
    }

    pub(super) fn may_have(&self, bits: [u8; 2]) -> bool {
        bits.iter()
            .all(|&bit| self.0[usize::from(bit >> 6)] & 1 << (bit & 63) != 0)
    }
}

/// A program name's two bits in [`Programs`]: the name read as a number (its first and last
/// eight, four or two bytes, which overlap when it is shorter than twice that) with its
/// length, mixed by one multiplication, whose top two bytes are the bits. A hash a byte at a
/// time (FNV-1a) cost several times as much, for every command of every script and every
/// question a rule asks; and a short name read a byte at a time left its loop after a number
/// of turns that changed from command to command, a guess missed about once a command.
pub(super) fn program_bits(name: &str) -> [u8; 2] {
    let bytes = name.as_bytes();
    let number = if let (Some(head), Some(tail)) =
        (bytes.first_chunk::<8>(), bytes.last_chunk::<8>())
    {
        u64::from_le_bytes(*head) ^ u64::from_le_bytes(*tail).rotate_left(29)
    } else if let (Some(head), Some(tail)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        u64::from(u32::from_le_bytes(*head)) | u64::from(u32::from_le_bytes(*tail)) << 32
    } else if let (Some(head), Some(tail)) = (bytes.first_chunk::<2>(), bytes.last_chunk::<2>()) {
        u64::from(u16::from_le_bytes(*head)) | u64::from(u16::from_le_bytes(*tail)) << 16
    } else {
        bytes.first().map_or(0, |&b| u64::from(b))
    };
    let hash = (number ^ (bytes.len() as u64) << 59).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let [.., second, first] = hash.to_le_bytes();
    [first, second]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name added is found, and names never added are mostly turned away (the filter
    /// is what lets rules skip files: a filter that lets everything through would pass the
    /// first assertion alone).
    #[test]
    fn added_names_are_found_and_most_others_are_not() {
        let run = [
            "apt-get",
            "rm",
            "curl",
            "tar",
            "make",
            "./configure",
            "configure",
            "pip",
            "python3",
            "echo",
            "set",
            "cd",
            "mkdir",
            "chmod",
            "ln",
            "sed",
            "gpg",
            "wget",
            "/usr/local/bin/docker-entrypoint.sh",
            "docker-entrypoint.sh",
            "groupadd",
            "useradd",
        ];
        let mut programs = Programs::default();
        for name in run {
            programs.add(program_bits(name));
        }
        assert!(run.iter().all(|name| programs.may_have(program_bits(name))));
        let never = [
            "vim", "gem", "aptitude", "yum", "dnf", "top", "zypper", "apk", "npm", "yarn", "go",
            "cargo", "ssh", "sudo", "shutdown", "free", "kill", "mount", "service", "ifconfig",
            "nano", "bundle", "composer", "microdnf", "conda", "poetry", "uv",
        ];
        let through = never
            .iter()
            .filter(|name| programs.may_have(program_bits(name)))
            .count();
        assert!(
            through <= 2,
            "{through} of {} names let through",
            never.len()
        );
    }
}
