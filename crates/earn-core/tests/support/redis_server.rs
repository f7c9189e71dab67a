//! A real `redis-server` on a free loopback port, started once per test binary and
//! stopped when the test process exits (a watchdog shell ends it even when no destructor
//! runs, as with a `static`). Fails (never skips) when the server cannot start.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running redis-server; killed on drop.
pub struct RedisServer {
    child: Child,
    pub port: u16,
    _dir: TempDir,
}

impl RedisServer {
    /// Starts `redis-server` (from PATH or /usr/bin) without persistence on 127.0.0.1.
    pub fn start() -> RedisServer {
        let dir = TempDir::new("earn-redis");
        let port = free_port();
        let bin = ["redis-server", "/usr/bin/redis-server"]
            .into_iter()
            .find(|b| Command::new(b).arg("--version").stdout(Stdio::null()).status().is_ok())
            .expect("redis-server is not installed (apt-get install -y redis-server); .ci/run installs it");
        let server = format!("{bin} --port {port} --bind 127.0.0.1 --save '' --appendonly no --dir '{}'", dir.path());
        let child = watched(&server);
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "redis-server did not listen on port {port} within 10 s");
            std::thread::sleep(Duration::from_millis(20));
        }
        RedisServer { child, port, _dir: dir }
    }

    /// `redis://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Stops the server now (an outage).
    pub fn stop(&mut self) {
        let _ = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Runs `command` under a shell that ends it when this process exits or when the shell
/// gets SIGTERM.
fn watched(command: &str) -> Child {
    let parent = std::process::id();
    let script = format!(
        "{command} & child=$!; trap 'kill $child 2>/dev/null; wait $child; exit 0' TERM; \
         while kill -0 {parent} 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 0.2; done; \
         kill $child 2>/dev/null; wait $child"
    );
    Command::new("sh")
        .args(["-c", &script])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("cannot start sh")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A directory removed on drop.
struct TempDir(String);

impl TempDir {
    fn new(prefix: &str) -> TempDir {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
        let path = std::env::temp_dir().join(format!("{prefix}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path.to_string_lossy().into_owned())
    }

    fn path(&self) -> &str {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
