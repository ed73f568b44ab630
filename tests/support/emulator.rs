//! Starting the moto emulator for tests: shared by the end-to-end harness and the library's own
//! tests of the DynamoDB store. One emulator per test binary, on a free loopback port; it exits
//! with the test process. A missing emulator is a failure, never a skip.

// Each including crate uses a part of it.
#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Python that has moto installed: `.venv` (made by scripts/test.sh) or ELEVATE_TEST_PYTHON.
pub fn python() -> PathBuf {
    let p = std::env::var_os("ELEVATE_TEST_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join(".venv/bin/python"));
    assert!(
        p.exists(),
        "the moto emulator is not installed ({} is missing): run scripts/test.sh, which installs moto[server] into .venv, or set ELEVATE_TEST_PYTHON",
        p.display()
    );
    p
}

pub struct Emulator {
    pub endpoint: String,
    _child: Mutex<Child>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// The emulator of this test binary. It follows this process: it exits when we do.
pub fn emulator() -> &'static Emulator {
    static EMULATOR: OnceLock<Emulator> = OnceLock::new();
    EMULATOR.get_or_init(|| {
        let python = python();
        let mut last = String::new();
        for _ in 0..3 {
            let port = free_port();
            let log = std::env::temp_dir().join(format!("elevate-moto-{port}.log"));
            let mut child = Command::new(&python)
                .arg(repo().join("scripts/emulator.py"))
                .arg("serve")
                .arg(port.to_string())
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(&log).expect("emulator log"))
                .spawn()
                .expect("start moto_server");
            let started = Instant::now();
            while started.elapsed() < Duration::from_secs(60) {
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return Emulator {
                        endpoint: format!("http://127.0.0.1:{port}"),
                        _child: Mutex::new(child),
                    };
                }
                if let Ok(Some(status)) = child.try_wait() {
                    last = format!("exited with {status}: see {}", log.display());
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            let _ = child.kill();
            let _ = child.wait();
            if last.is_empty() {
                last = format!("did not listen within 60s: see {}", log.display());
            }
        }
        panic!("the moto emulator could not be started: {last}");
    })
}

/// Runs `scripts/emulator.py` with `args` (seed, inspect) and reads the JSON it prints.
pub fn script(args: &[&str]) -> serde_json::Value {
    let out = Command::new(python())
        .arg(repo().join("scripts/emulator.py"))
        .args(args)
        .output()
        .expect("run scripts/emulator.py");
    assert!(
        out.status.success(),
        "emulator.py {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("emulator.py prints JSON")
}
