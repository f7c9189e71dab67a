//! The shared executor against a local wiremock server: what is retried, what never is.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use earn_core::http::*;
use earn_core::*;
use serde::Deserialize;
use serde_json::value::RawValue;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request as WireRequest, Respond, ResponseTemplate};

const SECRET: &str = "TOP-SECRET-VALUE-123";
const PASSPHRASE: &str = "PASSPHRASE-XYZ-789";

/// A minimal venue: `{"code":"0","data":…}` envelope, HMAC-hex signature.
struct TestDialect;

static TIME: Endpoint = Endpoint::get("/time").public();
static READ: Endpoint = Endpoint::get("/read");
static WRITE: Endpoint = Endpoint::post("/write").write(Operation::Stake);
static KEYED_WRITE: Endpoint = Endpoint::post("/keyed").idempotent_write(Operation::Stake);
static LIMITED: Endpoint = Endpoint::get("/limited").limit(RateLimit::per_second("limited", 5));

#[derive(Deserialize)]
struct Envelope<'a> {
    code: String,
    #[serde(default)]
    msg: String,
    #[serde(borrow)]
    data: Option<&'a RawValue>,
}

impl Dialect for TestDialect {
    fn venue(&self) -> VenueId {
        VenueId::from_static("test")
    }

    fn sign(&self, input: &SigningInput<'_>, creds: &Credentials, headers: &mut HeaderMap) -> Result<()> {
        let mut pre = format!("{}{}{}", input.timestamp.0, input.method, input.path);
        if !input.query.is_empty() {
            pre.push('?');
            pre.push_str(input.query);
        }
        let mut msg = pre.into_bytes();
        msg.extend_from_slice(input.body);
        headers.insert("x-ts", HeaderValue::from_str(&input.timestamp.0.to_string()).unwrap());
        headers.insert("x-key", HeaderValue::from_str(creds.api_key()).unwrap());
        headers.insert("x-pass", HeaderValue::from_str(creds.passphrase().unwrap_or("")).unwrap());
        headers.insert("x-sign", HeaderValue::from_str(&creds.hmac_sha256_hex(&msg)).unwrap());
        Ok(())
    }

    fn interpret<'a>(&self, _ep: &Endpoint, r: &'a RawResponse) -> Verdict<'a> {
        let ve = |code: &str, msg: &str| VenueError::new(self.venue(), code, msg, Some(r.status));
        if r.status >= 500 {
            return Verdict::Uncertain(ve(&format!("HTTP {}", r.status), &body_excerpt(&r.body)));
        }
        let Ok(env) = serde_json::from_slice::<Envelope<'a>>(&r.body) else {
            return Verdict::Undecodable("not a JSON envelope".into());
        };
        match env.code.as_str() {
            "0" => Verdict::Success(env.data.map(|d| d.get()).unwrap_or("null")),
            "429" => Verdict::Rejected {
                error: Error::RateLimited { error: ve("429", &env.msg), retry_after: retry_after_header(&r.headers) },
                retry: RetryHint::Transient { after: retry_after_header(&r.headers) },
            },
            "stale" => {
                Verdict::Rejected { error: Error::Authentication(ve("stale", &env.msg)), retry: RetryHint::ResyncClock }
            }
            "busy" => Verdict::Uncertain(ve("busy", &env.msg)),
            other => Verdict::Rejected { error: Error::Rejected(ve(other, &env.msg)), retry: RetryHint::Never },
        }
    }

    fn time_endpoint(&self) -> Option<&'static Endpoint> {
        Some(&TIME)
    }

    fn parse_server_time(&self, payload: &str) -> Result<UnixMillis> {
        #[derive(Deserialize)]
        struct T {
            ts: String,
        }
        let t: T =
            serde_json::from_str(payload).map_err(|e| Error::decode(self.venue(), "/time", e, payload.as_bytes()))?;
        t.ts.parse().map(UnixMillis).map_err(|e| Error::decode(self.venue(), "/time", e, payload.as_bytes()))
    }
}

/// A request to any test endpoint, with an optional raw body and intent; `T` is the answer.
struct Req<T> {
    ep: &'static Endpoint,
    body: Option<Vec<u8>>,
    intent: Option<ReconcileIntent>,
    answer: std::marker::PhantomData<fn() -> T>,
}

impl<T> Req<T> {
    fn new(ep: &'static Endpoint) -> Self {
        Req { ep, body: None, intent: None, answer: std::marker::PhantomData }
    }

    fn body_bytes(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some(body.into());
        self
    }

    fn json(self, v: &serde_json::Value) -> Self {
        self.body_bytes(serde_json::to_vec(v).unwrap())
    }

    fn intent(mut self, intent: ReconcileIntent) -> Self {
        self.intent = Some(intent);
        self
    }
}

impl<T: serde::de::DeserializeOwned + Send> ApiRequest for Req<T> {
    type Dialect = TestDialect;
    type Response = T;
    fn endpoint(&self) -> &'static Endpoint {
        self.ep
    }
    fn body(&self) -> Result<Option<bytes::Bytes>> {
        Ok(self.body.clone().map(bytes::Bytes::from))
    }
    fn intent(&self) -> Option<ReconcileIntent> {
        self.intent.clone()
    }
}

fn ok(data: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(format!(r#"{{"code":"0","msg":"","data":{data}}}"#), "application/json")
}

fn code(code: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(format!(r#"{{"code":"{code}","msg":"m{code}"}}"#), "application/json")
}

/// Answers with each template in turn, then repeats the last.
struct Sequence(Mutex<Vec<ResponseTemplate>>);

impl Sequence {
    fn new(mut v: Vec<ResponseTemplate>) -> Self {
        v.reverse();
        Sequence(Mutex::new(v))
    }
}

impl Respond for Sequence {
    fn respond(&self, _: &WireRequest) -> ResponseTemplate {
        let mut v = self.0.lock().unwrap();
        if v.len() > 1 { v.pop().unwrap() } else { v[0].clone() }
    }
}

fn fast_retry(max: u32) -> RetryPolicy {
    RetryPolicy { max_retries: max, initial_backoff: Duration::from_millis(1), max_backoff: Duration::from_millis(5) }
}

fn client(server: &MockServer) -> HttpClient<TestDialect> {
    HttpClient::builder(TestDialect, server.uri())
        .credentials(Credentials::new("KEY-ABCDEF", SECRET).with_passphrase(PASSPHRASE))
        .transport(TransportOptions::default().retry_policy(fast_retry(3)).timeout(Duration::from_millis(500)))
        .build()
        .unwrap()
}

async fn received(server: &MockServer, p: &str) -> usize {
    server.received_requests().await.unwrap().iter().filter(|r| r.url.path() == p).count()
}

#[tokio::test]
async fn reads_retry_through_5xx_and_succeed() {
    let server = MockServer::start().await;
    let seq = Sequence::new(vec![ResponseTemplate::new(502), ResponseTemplate::new(503), ok("[1,2]")]);
    Mock::given(method("GET")).and(path("/read")).respond_with(seq).mount(&server).await;
    let v: Vec<u32> = client(&server).send(&Req::new(&READ)).await.unwrap();
    assert_eq!(v, vec![1, 2]);
    assert_eq!(received(&server, "/read").await, 3);
}

#[tokio::test]
async fn reads_give_up_after_the_retry_budget() {
    let server = MockServer::start().await;
    Mock::given(path("/read"))
        .respond_with(ResponseTemplate::new(500).set_body_string("<html>oops</html>"))
        .mount(&server)
        .await;
    let err = client(&server).send(&Req::<Vec<u32>>::new(&READ)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unavailable);
    assert!(err.is_retryable());
    assert_eq!(err.venue_error().unwrap().code, "HTTP 500");
    assert_eq!(received(&server, "/read").await, 4, "one attempt plus three retries");
}

#[tokio::test]
async fn malformed_read_bodies_are_retried_then_reported_with_an_excerpt() {
    let server = MockServer::start().await;
    Mock::given(path("/read"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"code\":\"0\",\"data\":[1,"))
        .mount(&server)
        .await;
    let err = client(&server).send(&Req::<Vec<u32>>::new(&READ)).await.unwrap_err();
    let Error::Decode { excerpt, .. } = &err else { panic!("{err:?}") };
    assert!(excerpt.starts_with("{\"code\""), "{excerpt}");
    assert_eq!(received(&server, "/read").await, 4);
}

#[tokio::test]
async fn a_write_that_timed_out_after_sending_is_never_repeated() {
    let server = MockServer::start().await;
    Mock::given(path("/write")).respond_with(ok("{}").set_delay(Duration::from_secs(2))).mount(&server).await;
    let intent = ReconcileIntent::new(VenueId::from_static("test"), Operation::Stake, "/write")
        .product("p1")
        .amount(Amount::parse("1.5").unwrap());
    let before = UnixMillis::now_local();
    let err = client(&server)
        .send(&Req::<serde_json::Value>::new(&WRITE).json(&serde_json::json!({"amt":"1.5"})).intent(intent))
        .await
        .unwrap_err();
    assert!(err.maybe_happened(), "{err:?}");
    assert!(!err.is_retryable());
    let intent = err.reconcile_intent().unwrap();
    assert_eq!(intent.amount.unwrap().to_string(), "1.5");
    assert_eq!(intent.product.as_ref().unwrap().as_str(), "p1");
    assert!(intent.sent_at.unwrap() >= before);
    assert_eq!(received(&server, "/write").await, 1);
}

#[tokio::test]
async fn a_write_answered_with_5xx_or_an_ambiguous_code_is_outcome_unknown() {
    for answer in [ResponseTemplate::new(502), code("busy"), ResponseTemplate::new(200).set_body_string("garbage")] {
        let server = MockServer::start().await;
        Mock::given(path("/write")).respond_with(answer).mount(&server).await;
        let err = client(&server).send(&Req::<serde_json::Value>::new(&WRITE).body_bytes("{}")).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OutcomeUnknown, "{err:?}");
        let intent = err.reconcile_intent().unwrap();
        assert_eq!(intent.operation, Operation::Stake);
        assert_eq!(intent.endpoint, "/write");
        assert_eq!(received(&server, "/write").await, 1);
    }
}

#[tokio::test]
async fn a_write_without_key_is_not_repeated_after_a_rate_limit() {
    let server = MockServer::start().await;
    Mock::given(path("/write")).respond_with(code("429")).mount(&server).await;
    let err = client(&server).send(&Req::<serde_json::Value>::new(&WRITE).body_bytes("{}")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert!(!err.maybe_happened());
    assert_eq!(received(&server, "/write").await, 1);
}

#[tokio::test]
async fn a_keyed_write_is_repeated_with_the_same_body_after_a_definite_rejection() {
    let server = MockServer::start().await;
    Mock::given(path("/keyed"))
        .respond_with(Sequence::new(vec![code("429"), ok("{\"id\":\"7\"}")]))
        .mount(&server)
        .await;
    let v: serde_json::Value =
        client(&server).send(&Req::new(&KEYED_WRITE).body_bytes(r#"{"linkId":"abc"}"#)).await.unwrap();
    assert_eq!(v["id"], "7");
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].body, reqs[1].body);
}

#[tokio::test]
async fn a_write_that_never_connected_is_safe_and_says_so() {
    // Bind then drop a listener: nothing listens on that port any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let c = HttpClient::builder(TestDialect, format!("http://127.0.0.1:{port}"))
        .credentials(Credentials::new("k", SECRET))
        .transport(TransportOptions::default().retry_policy(fast_retry(2)))
        .build()
        .unwrap();
    let err = c.send(&Req::<serde_json::Value>::new(&WRITE).body_bytes("{}")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err:?}");
    assert!(err.is_retryable());
    assert!(!err.maybe_happened());
}

#[tokio::test]
async fn retry_after_is_honoured_on_reads() {
    let server = MockServer::start().await;
    let limited = code("429").insert_header("retry-after", "1");
    Mock::given(path("/read")).respond_with(Sequence::new(vec![limited, ok("[]")])).mount(&server).await;
    let c = HttpClient::builder(TestDialect, server.uri())
        .credentials(Credentials::new("k", SECRET))
        .transport(TransportOptions::default().retry_policy(RetryPolicy {
            max_retries: 1,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_secs(5),
        }))
        .build()
        .unwrap();
    let started = Instant::now();
    let _: Vec<u8> = c.send(&Req::new(&READ)).await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "waited {:?}", started.elapsed());
}

#[tokio::test]
async fn a_stale_timestamp_resyncs_the_clock_and_re_signs_once() {
    let server = MockServer::start().await;
    let server_now = UnixMillis::now_local().0 + 120_000; // venue clock two minutes ahead
    Mock::given(path("/time")).respond_with(ok(&format!(r#"{{"ts":"{server_now}"}}"#))).mount(&server).await;
    Mock::given(path("/read")).respond_with(Sequence::new(vec![code("stale"), ok("[]")])).mount(&server).await;
    let c = client(&server);
    let _: Vec<u8> = c.send(&Req::new(&READ)).await.unwrap();
    let offset = c.clock().offset_ms();
    assert!((119_000..=121_000).contains(&offset), "offset {offset}");
    let reads: Vec<_> =
        server.received_requests().await.unwrap().into_iter().filter(|r| r.url.path() == "/read").collect();
    assert_eq!(reads.len(), 2);
    let ts = |r: &WireRequest| r.headers.get("x-ts").unwrap().to_str().unwrap().parse::<i64>().unwrap();
    assert!(ts(&reads[1]) - ts(&reads[0]) >= 119_000, "second attempt signed with the venue clock");
    assert!(reads[0].headers.get("x-sign") != reads[1].headers.get("x-sign"));
    // A second stale answer is final: no loop.
    Mock::given(path("/again")).respond_with(code("stale")).mount(&server).await;
    static AGAIN: Endpoint = Endpoint::get("/again");
    let err = c.send(&Req::<Vec<u8>>::new(&AGAIN)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Authentication);
    assert_eq!(received(&server, "/again").await, 2);
}

#[tokio::test]
async fn the_signature_covers_the_exact_bytes_sent() {
    let server = MockServer::start().await;
    Mock::given(path("/write")).respond_with(ok("{}")).mount(&server).await;
    let body = "{\"amt\": \"10\"}";
    let _: serde_json::Value = client(&server).send(&Req::new(&WRITE).body_bytes(body)).await.unwrap();
    let r = &server.received_requests().await.unwrap()[0];
    assert_eq!(r.body, body.as_bytes());
    let ts = r.headers.get("x-ts").unwrap().to_str().unwrap();
    let expect = Credentials::new("x", SECRET).hmac_sha256_hex(format!("{ts}POST/write{body}").as_bytes());
    assert_eq!(r.headers.get("x-sign").unwrap().to_str().unwrap(), expect);
}

#[tokio::test]
async fn the_rate_limit_holds_across_clones() {
    let server = MockServer::start().await;
    Mock::given(path("/limited")).respond_with(ok("[]")).mount(&server).await;
    let a = client(&server);
    let b = a.clone();
    let calls = (0..10).map(|i| {
        let c = if i % 2 == 0 { a.clone() } else { b.clone() };
        tokio::spawn(async move { c.send(&Req::<Vec<u8>>::new(&LIMITED)).await.unwrap() })
    });
    for h in calls.collect::<Vec<_>>() {
        h.await.unwrap();
    }
    let mut arrivals: Vec<Instant> = Vec::new();
    // wiremock does not timestamp requests; measure the limiter directly instead.
    let started = Instant::now();
    for _ in 0..6 {
        let _: Vec<u8> = a.send(&Req::new(&LIMITED)).await.unwrap();
        arrivals.push(Instant::now());
    }
    // The ten concurrent calls already used the budget, so six more need about 6 × 200 ms.
    assert!(started.elapsed() >= Duration::from_millis(1_100), "{:?}", started.elapsed());
    for pair in arrivals.windows(2) {
        assert!(pair[1] - pair[0] >= Duration::from_millis(190), "{:?}", pair[1] - pair[0]);
    }
    assert_eq!(received(&server, "/limited").await, 16);
}

#[tokio::test]
async fn public_endpoints_need_no_credentials_but_signed_ones_do() {
    let server = MockServer::start().await;
    Mock::given(path("/time")).respond_with(ok(r#"{"ts":"1"}"#)).mount(&server).await;
    let c = HttpClient::builder(TestDialect, server.uri()).build().unwrap();
    let _: serde_json::Value = c.send(&Req::new(&TIME)).await.unwrap();
    assert!(server.received_requests().await.unwrap()[0].headers.get("x-sign").is_none());
    let err = c.send(&Req::<serde_json::Value>::new(&READ)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(HttpClient::builder(TestDialect, "ftp://x").build().is_err());
}

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
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_writer(move || sink.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let c = client(&server);
    let _: Vec<u8> = c.send(&Req::new(&READ)).await.unwrap();
    let err = c.send(&Req::<serde_json::Value>::new(&WRITE).body_bytes("{}")).await.unwrap_err();
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("earn.request"), "spans were recorded: {logs}");
    assert!(logs.contains("/read"));
    for shown in [logs, format!("{c:?}"), format!("{err:?}"), err.to_string()] {
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(!shown.contains(PASSPHRASE), "{shown}");
        assert!(!shown.contains("KEY-ABCDEF"), "{shown}");
    }
}
