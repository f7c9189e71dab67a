//! A throw-away Postgres server for tests and benchmarks (feature `testing`).
//!
//! [`TestPostgres`] finds the server binaries installed on the machine (`initdb`,
//! `pg_ctl`, `postgres`; Debian puts them in `/usr/lib/postgresql/<version>/bin`), creates
//! a cluster in a fresh temporary directory, starts it on a free `127.0.0.1` port with its
//! Unix socket in that directory, waits (bounded) until it accepts connections, and stops
//! it and removes the directory when dropped. [`TestPostgres::shared`] starts one server
//! per test binary; a watchdog process stops it when the binary exits, since statics are
//! never dropped.
//!
//! Postgres refuses to run as root. As root (CI), the cluster belongs to the `postgres`
//! user (override with `EARN_JOURNAL_PG_USER`) and every server command runs through
//! `runuser -u postgres --` (or `su`). Set `EARN_JOURNAL_PG_BIN` to the directory of the
//! binaries to choose a version. Nothing is installed here: on Debian,
//! `apt-get install -y postgresql` provides the binaries.

use std::ffi::{OsStr, OsString};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::JournalError;

/// Why a test server could not be started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestPostgresError(String);

impl std::fmt::Display for TestPostgresError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "could not start a test Postgres server: {}", self.0)
    }
}

impl std::error::Error for TestPostgresError {}

fn fail<T>(message: impl Into<String>) -> Result<T, TestPostgresError> {
    Err(TestPostgresError(message.into()))
}

/// How long the server may take to accept connections.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A Postgres server of its own, in a temporary directory, on a free loopback port.
///
/// Every database in it trusts local connections from the `postgres` superuser.
#[derive(Debug)]
pub struct TestPostgres {
    root: PathBuf,
    bin: PathBuf,
    port: u16,
    run_as: Option<String>,
    watchdog: Option<Child>,
    stopped: AtomicBool,
}

impl TestPostgres {
    /// Creates a cluster and starts it. Takes a few seconds.
    pub fn start() -> Result<Self, TestPostgresError> {
        let bin = find_bin_dir()?;
        let run_as = if running_as_root() {
            let user = std::env::var("EARN_JOURNAL_PG_USER").unwrap_or_else(|_| "postgres".to_owned());
            let known = Command::new("id").arg("-u").arg(&user).output().is_ok_and(|o| o.status.success());
            if !known {
                return fail(format!(
                    "running as root, and Postgres refuses root: the user {user:?} to run it as does not exist \
                     (the Debian package creates `postgres`; or set EARN_JOURNAL_PG_USER)"
                ));
            }
            Some(user)
        } else {
            None
        };
        // As root the directory must be reachable by the server's user: /tmp is.
        let base = if run_as.is_some() { PathBuf::from("/tmp") } else { std::env::temp_dir() };
        let root = base.join(format!(
            "earn-journal-pg-{}-{}",
            std::process::id(),
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        ));
        std::fs::create_dir(&root).or_else(|e| fail(format!("creating {}: {e}", root.display())))?;
        let mut server = TestPostgres { root, bin, port: 0, run_as, watchdog: None, stopped: AtomicBool::new(false) };
        if let Some(user) = &server.run_as {
            server.checked(Command::new("chown").arg("-R").arg(format!("{user}:")).arg(&server.root), "chown")?;
        }
        server.watchdog = Some(server.spawn_watchdog()?);
        server.init_and_start()?;
        Ok(server)
    }

    /// One server for the whole test binary, started on first use.
    ///
    /// # Panics
    ///
    /// When the server cannot be started: tests that need Postgres fail, never skip.
    pub fn shared() -> &'static TestPostgres {
        static SHARED: OnceLock<TestPostgres> = OnceLock::new();
        SHARED.get_or_init(|| TestPostgres::start().unwrap_or_else(|e| panic!("{e}")))
    }

    /// The TCP port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The directory holding the cluster, its socket and its log.
    pub fn dir(&self) -> &Path {
        &self.root
    }

    /// A libpq connection string for `dbname` as the `postgres` superuser, over TCP.
    pub fn conninfo(&self, dbname: &str) -> String {
        format!("host=127.0.0.1 port={} user=postgres dbname={dbname} connect_timeout=10", self.port)
    }

    /// Creates a fresh, empty database and returns its connection string. Tests that run
    /// concurrently each take their own.
    pub async fn create_database(&self) -> Result<String, JournalError> {
        let name = format!("ej_{}", uuid::Uuid::new_v4().simple());
        let (client, connection) = tokio_postgres::connect(&self.conninfo("postgres"), tokio_postgres::NoTls)
            .await
            .map_err(|e| JournalError::storage("connecting to the test server", e))?;
        let task = tokio::spawn(connection);
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .map_err(|e| JournalError::storage("creating a test database", e))?;
        drop(client);
        let _ = task.await;
        Ok(self.conninfo(&name))
    }

    /// Stops the server (fast shutdown) and removes its directory. Also done on drop.
    pub fn stop(&self) {
        if self.stopped.swap(true, Ordering::SeqCst) {
            return;
        }
        let data = self.root.join("data");
        let mut cmd = self.server_command("pg_ctl", [OsStr::new("-D"), data.as_os_str()]);
        cmd.args(["-m", "fast", "-w", "-t", "30", "stop"]).stdout(Stdio::null()).stderr(Stdio::null());
        let _ = cmd.status();
        let _ = std::fs::remove_dir_all(&self.root);
    }

    fn init_and_start(&mut self) -> Result<(), TestPostgresError> {
        let data = self.root.join("data");
        let mut initdb = self.server_command("initdb", [OsStr::new("-D"), data.as_os_str()]);
        initdb.args(["-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        self.checked(&mut initdb, "initdb")?;
        let log = self.root.join("postgres.log");
        let mut last = String::new();
        for _ in 0..5 {
            let port = free_port()?;
            let options = format!(
                "-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={} -c max_connections=200",
                self.root.display()
            );
            let mut start = self.server_command("pg_ctl", [OsStr::new("-D"), data.as_os_str()]);
            start.arg("-l").arg(&log).args(["-w", "-t", "60", "-o"]).arg(&options).arg("start");
            match self.checked(&mut start, "pg_ctl start") {
                Ok(()) => {
                    self.port = port;
                    return wait_accepting(port);
                }
                Err(e) => {
                    last = format!("{e}; log: {}", std::fs::read_to_string(&log).unwrap_or_default());
                    if !last.contains("could not bind") && !last.contains("already in use") {
                        break;
                    }
                }
            }
        }
        fail(last)
    }

    /// `program` from the server's bin directory, as the server's user, in its directory.
    fn server_command<'a>(&self, program: &str, args: impl IntoIterator<Item = &'a OsStr>) -> Command {
        let path = self.bin.join(program);
        let mut argv: Vec<OsString> = vec![path.into_os_string()];
        argv.extend(args.into_iter().map(OsStr::to_os_string));
        let mut cmd = match &self.run_as {
            None => {
                let mut c = Command::new(&argv[0]);
                c.args(&argv[1..]);
                c
            }
            Some(user) if Path::new("/usr/sbin/runuser").exists() || Path::new("/sbin/runuser").exists() => {
                let runuser =
                    if Path::new("/usr/sbin/runuser").exists() { "/usr/sbin/runuser" } else { "/sbin/runuser" };
                let mut c = Command::new(runuser);
                c.args(["-u", user, "--"]).args(&argv);
                c
            }
            Some(user) => {
                let line = argv.iter().map(|a| shell_quote(&a.to_string_lossy())).collect::<Vec<_>>().join(" ");
                let mut c = Command::new("su");
                c.args([user.as_str(), "-s", "/bin/sh", "-c", &line]);
                c
            }
        };
        // The server's user may not be able to read the caller's working directory.
        cmd.current_dir(&self.root);
        cmd
    }

    fn checked(&self, cmd: &mut Command, what: &str) -> Result<(), TestPostgresError> {
        let out = cmd.stdin(Stdio::null()).output().or_else(|e| fail(format!("running {what}: {e}")))?;
        if out.status.success() {
            return Ok(());
        }
        fail(format!(
            "{what} failed ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }

    /// A process that waits for this one to exit, then stops the server and removes its
    /// directory (a shared server lives in a static, which is never dropped).
    fn spawn_watchdog(&self) -> Result<Child, TestPostgresError> {
        use std::os::unix::process::CommandExt;
        let root = shell_quote(&self.root.to_string_lossy());
        let script = format!(
            "while kill -0 {parent} 2>/dev/null; do sleep 1; done; \
             pid=$(head -n 1 {root}/data/postmaster.pid 2>/dev/null); \
             if [ -n \"$pid\" ]; then kill -INT \"$pid\" 2>/dev/null; \
             i=0; while [ -f {root}/data/postmaster.pid ] && [ $i -lt 40 ]; do sleep 0.25; i=$((i+1)); done; fi; \
             rm -rf {root}",
            parent = std::process::id()
        );
        Command::new("/bin/sh")
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .or_else(|e| fail(format!("starting the watchdog: {e}")))
    }
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        self.stop();
        if let Some(mut w) = self.watchdog.take() {
            let _ = w.kill();
            let _ = w.wait();
        }
    }
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    match std::fs::metadata("/proc/self") {
        Ok(m) => m.uid() == 0,
        Err(_) => Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0"),
    }
}

fn has_server(dir: &Path) -> bool {
    ["initdb", "pg_ctl", "postgres"].iter().all(|b| dir.join(b).is_file())
}

/// The directory of `initdb`, `pg_ctl` and `postgres`.
fn find_bin_dir() -> Result<PathBuf, TestPostgresError> {
    if let Some(dir) = std::env::var_os("EARN_JOURNAL_PG_BIN") {
        let dir = PathBuf::from(dir);
        return if has_server(&dir) {
            Ok(dir)
        } else {
            fail(format!("EARN_JOURNAL_PG_BIN={} has no initdb, pg_ctl and postgres", dir.display()))
        };
    }
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output()
        && out.status.success()
    {
        candidates.push(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
    }
    // Debian and Ubuntu: /usr/lib/postgresql/<version>/bin, newest first.
    if let Ok(dirs) = std::fs::read_dir("/usr/lib/postgresql") {
        let mut versions: Vec<(u32, PathBuf)> = dirs
            .filter_map(|d| d.ok())
            .filter_map(|d| Some((d.file_name().to_str()?.parse::<u32>().ok()?, d.path().join("bin"))))
            .collect();
        versions.sort_by_key(|v| std::cmp::Reverse(v.0));
        candidates.extend(versions.into_iter().map(|(_, p)| p));
    }
    candidates.extend(["/usr/local/pgsql/bin", "/usr/local/bin", "/usr/bin", "/opt/homebrew/bin"].map(PathBuf::from));
    if let Some(path) = std::env::var_os("PATH") {
        candidates.extend(std::env::split_paths(&path));
    }
    candidates.into_iter().find(|d| has_server(d)).map_or_else(
        || {
            fail(
                "no PostgreSQL server binaries (initdb, pg_ctl, postgres) found in /usr/lib/postgresql/*/bin, \
                 pg_config --bindir or PATH: install them (Debian: apt-get install -y postgresql) or set \
                 EARN_JOURNAL_PG_BIN",
            )
        },
        Ok,
    )
}

fn free_port() -> Result<u16, TestPostgresError> {
    let listener = TcpListener::bind("127.0.0.1:0").or_else(|e| fail(format!("finding a free port: {e}")))?;
    listener.local_addr().map(|a| a.port()).or_else(|e| fail(format!("finding a free port: {e}")))
}

fn wait_accepting(port: u16) -> Result<(), TestPostgresError> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        if TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_ok() {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return fail(format!("the server did not accept connections on {addr} within {START_TIMEOUT:?}"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
