//! Whether a binary can run as an AWS Lambda function's `bootstrap` on the `provided.al2023`
//! runtime: a 64-bit little-endian Linux ELF for x86_64 or arm64 that needs no newer glibc than
//! Amazon Linux 2023's (2.34), or none at all (a static musl build).

/// Amazon Linux 2023's glibc, the newest a `provided.al2023` function can load.
pub const LAMBDA_GLIBC: (u32, u32) = (2, 34);

/// A Lambda architecture: `x86_64` or `arm64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Architecture {
    X86_64,
    Arm64,
}

impl Architecture {
    pub fn as_str(self) -> &'static str {
        match self {
            Architecture::X86_64 => "x86_64",
            Architecture::Arm64 => "arm64",
        }
    }
}

/// The architecture to deploy `binary` on, or why it cannot run on Lambda.
pub fn lambda_architecture(binary: &[u8]) -> Result<Architecture, String> {
    if binary.get(..4) != Some(b"\x7fELF".as_slice()) {
        return Err(
            "it is not a Linux (ELF) executable: build elevate for Linux, or pass --executor-zip"
                .into(),
        );
    }
    if binary.get(4) != Some(&2) || binary.get(5) != Some(&1) {
        return Err("it is not a 64-bit little-endian executable".into());
    }
    let machine = binary
        .get(18..20)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .ok_or("it is cut short")?;
    let arch = match machine {
        0x3e => Architecture::X86_64,
        0xb7 => Architecture::Arm64,
        other => {
            return Err(format!(
                "it is built for machine {other:#x}, and Lambda runs x86_64 and arm64 only"
            ));
        }
    };
    if let Some((major, minor)) = newest_glibc(binary)
        && (major, minor) > LAMBDA_GLIBC
    {
        return Err(format!(
            "it needs glibc {major}.{minor}, and Lambda's Amazon Linux 2023 has {}.{}: build it static (`cargo build --release --target {}-unknown-linux-musl`) or on an older system, or pass --executor-zip",
            LAMBDA_GLIBC.0,
            LAMBDA_GLIBC.1,
            match arch {
                Architecture::X86_64 => "x86_64",
                Architecture::Arm64 => "aarch64",
            }
        ));
    }
    Ok(arch)
}

/// Lambda's limit on a package uploaded directly (zipped).
pub const MAX_DIRECT_UPLOAD: usize = 50 * 1024 * 1024;

/// The function's code package: `binary` as `bootstrap`, executable, deflated.
pub fn package(binary: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o755)
        .large_file(binary.len() > u32::MAX as usize);
    out.start_file("bootstrap", options)
        .map_err(|e| format!("cannot package the binary: {e}"))?;
    out.write_all(binary)
        .map_err(|e| format!("cannot package the binary: {e}"))?;
    let zip = out
        .finish()
        .map_err(|e| format!("cannot package the binary: {e}"))?
        .into_inner();
    if zip.len() > MAX_DIRECT_UPLOAD {
        return Err(format!(
            "the package is {} MB zipped, over Lambda's {} MB for a direct upload: build with `cargo build --release` (stripped) or pass --executor-zip",
            zip.len() / (1024 * 1024),
            MAX_DIRECT_UPLOAD / (1024 * 1024)
        ));
    }
    Ok(zip)
}

/// The newest `GLIBC_x.y` symbol version the binary names (its version needs list them), or
/// `None` for a binary that names none (static).
fn newest_glibc(binary: &[u8]) -> Option<(u32, u32)> {
    let version = regex::bytes::Regex::new(r"GLIBC_([0-9]{1,3})\.([0-9]{1,3})").ok()?;
    version
        .captures_iter(binary)
        .filter_map(|c| {
            let n = |i: usize| std::str::from_utf8(c.get(i)?.as_bytes()).ok()?.parse().ok();
            Some((n(1)?, n(2)?))
        })
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn elf(machine: u16, extra: &[u8]) -> Vec<u8> {
        let mut b = vec![0u8; 64];
        b[..4].copy_from_slice(b"\x7fELF");
        b[4] = 2;
        b[5] = 1;
        b[18..20].copy_from_slice(&machine.to_le_bytes());
        b.extend_from_slice(extra);
        b
    }

    #[test]
    fn a_linux_binary_needing_glibc_up_to_2_34_or_none_runs_on_lambda() {
        assert_eq!(
            lambda_architecture(&elf(0x3e, b"\0GLIBC_2.2.5\0GLIBC_2.34\0GLIBC_2.17\0")),
            Ok(Architecture::X86_64)
        );
        assert_eq!(
            lambda_architecture(&elf(0xb7, b"")),
            Ok(Architecture::Arm64)
        );
    }

    #[test]
    fn the_package_holds_the_binary_as_an_executable_bootstrap() {
        use std::io::Read;
        let binary = elf(0x3e, &[7u8; 4096]);
        let zip = package(&binary).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
        assert_eq!(archive.len(), 1);
        let mut entry = archive.by_name("bootstrap").unwrap();
        assert_eq!(entry.unix_mode().map(|m| m & 0o777), Some(0o755));
        assert_eq!(entry.compression(), zip::CompressionMethod::Deflated);
        let mut back = Vec::new();
        entry.read_to_end(&mut back).unwrap();
        assert_eq!(back, binary);
    }

    #[test]
    fn anything_else_is_refused_with_what_to_do() {
        let newer = lambda_architecture(&elf(0x3e, b"\0GLIBC_2.34\0GLIBC_2.39\0")).unwrap_err();
        assert!(
            newer.contains("glibc 2.39") && newer.contains("musl"),
            "{newer}"
        );
        assert!(
            lambda_architecture(b"\xcf\xfa\xed\xfe not elf")
                .unwrap_err()
                .contains("not a Linux")
        );
        assert!(
            lambda_architecture(&elf(0x28, b""))
                .unwrap_err()
                .contains("x86_64 and arm64")
        );
        let mut thirty_two = elf(0x3e, b"");
        thirty_two[4] = 1;
        assert!(lambda_architecture(&thirty_two).is_err());
        assert!(lambda_architecture(b"\x7fELF").is_err(), "cut short");
        assert!(lambda_architecture(b"").is_err());
    }
}
