//! No secret reaches a TRACE log, a `Debug` print or an error, even when the venue echoes it.
//!
//! One test per binary: the subscriber is installed globally, because a thread-local
//! default races with callsites registered by other tests running in parallel.

#[path = "support/test_venue.rs"]
mod test_venue;

use std::sync::{Arc, Mutex};

use earn_core::*;
use test_venue::*;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A `tracing` writer that keeps everything in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_secret_reaches_traces_debug_output_or_errors() {
    let server = MockServer::start().await;
    Mock::given(path("/read"))
        .respond_with(Sequence::new(vec![ResponseTemplate::new(503), ok("[]")]))
        .mount(&server)
        .await;
    Mock::given(path("/write")).respond_with(ResponseTemplate::new(502)).mount(&server).await;
    // The venue echoes the key and the signature it was sent, as Bybit does on a bad signature.
    Mock::given(path("/keyed"))
        .respond_with(|r: &wiremock::Request| {
            let key = r.headers.get("x-key").unwrap().to_str().unwrap().to_owned();
            let sign = r.headers.get("x-sign").unwrap().to_str().unwrap().to_owned();
            let body = format!(r#"{{"code":"bad","msg":"error sign! origin_string[123{key}5000] sign={sign}"}}"#);
            ResponseTemplate::new(200).set_body_string(body)
        })
        .mount(&server)
        .await;
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_writer(move || sink.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber of this binary");
    let c = client(&server);
    let _: Vec<u8> = c.send(&Req::new(&READ)).await.unwrap();
    let err = c.send(&Req::<serde_json::Value>::new(&WRITE).body_bytes("{}")).await.unwrap_err();
    let echoed = c.send(&Req::<serde_json::Value>::new(&KEYED_WRITE).body_bytes("{}")).await.unwrap_err();
    assert_eq!(echoed.kind(), ErrorKind::Rejected);
    assert!(echoed.to_string().contains("origin_string[123[redacted]5000] sign=[redacted]"), "{echoed}");
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("earn.request"), "spans were recorded: {logs}");
    assert!(logs.contains("/read"));
    // Attempts are numbered from 1 (guards the counter: it was unchecked).
    assert!(logs.contains("attempt=1"), "the first attempt is numbered 1: {logs}");
    assert!(!logs.contains("attempt=0"), "no attempt is numbered 0: {logs}");
    for shown in
        [logs, format!("{c:?}"), format!("{err:?}"), err.to_string(), format!("{echoed:?}"), echoed.to_string()]
    {
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(!shown.contains(PASSPHRASE), "{shown}");
        assert!(!shown.contains("KEY-ABCDEF"), "{shown}");
    }
}
