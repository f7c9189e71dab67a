//! A minimal venue for executor tests: `{"code":"0","data":…}` envelope, HMAC-hex
//! signature, endpoints of every kind, and a request type for any of them.

#![allow(dead_code)]

use std::sync::Mutex;
use std::time::Duration;

use earn_core::http::*;
use earn_core::*;
use serde::Deserialize;
use serde_json::value::RawValue;
use wiremock::{MockServer, Request as WireRequest, Respond, ResponseTemplate};

pub const SECRET: &str = "TOP-SECRET-VALUE-123";
pub const PASSPHRASE: &str = "PASSPHRASE-XYZ-789";

/// A minimal venue: `{"code":"0","data":…}` envelope, HMAC-hex signature.
pub struct TestDialect;

pub static TIME: Endpoint = Endpoint::get("/time").public();
pub static READ: Endpoint = Endpoint::get("/read");
pub static WRITE: Endpoint = Endpoint::post("/write").write(Operation::Stake);
pub static KEYED_WRITE: Endpoint = Endpoint::post("/keyed").idempotent_write(Operation::Stake);
pub static LIMITED: Endpoint = Endpoint::get("/limited").limit(RateLimit::per_second("limited", 5));

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
        let sensitive = |v: &str| {
            let mut h = HeaderValue::from_str(v).unwrap();
            h.set_sensitive(true);
            h
        };
        headers.insert("x-ts", HeaderValue::from_str(&input.timestamp.0.to_string()).unwrap());
        headers.insert("x-key", sensitive(creds.api_key()));
        headers.insert("x-pass", sensitive(creds.passphrase().unwrap_or("")));
        headers.insert("x-sign", sensitive(&creds.hmac_sha256_hex(&msg)));
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
pub struct Req<T> {
    pub ep: &'static Endpoint,
    body: Option<Vec<u8>>,
    intent: Option<ReconcileIntent>,
    answer: std::marker::PhantomData<fn() -> T>,
}

impl<T> Req<T> {
    pub fn new(ep: &'static Endpoint) -> Self {
        Req { ep, body: None, intent: None, answer: std::marker::PhantomData }
    }

    pub fn body_bytes(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some(body.into());
        self
    }

    pub fn json(self, v: &serde_json::Value) -> Self {
        self.body_bytes(serde_json::to_vec(v).unwrap())
    }

    pub fn intent(mut self, intent: ReconcileIntent) -> Self {
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

pub fn ok(data: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(format!(r#"{{"code":"0","msg":"","data":{data}}}"#), "application/json")
}

pub fn code(code: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(format!(r#"{{"code":"{code}","msg":"m{code}"}}"#), "application/json")
}

/// Answers with each template in turn, then repeats the last.
pub struct Sequence(Mutex<Vec<ResponseTemplate>>);

impl Sequence {
    pub fn new(mut v: Vec<ResponseTemplate>) -> Self {
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

pub fn fast_retry(max: u32) -> RetryPolicy {
    RetryPolicy { max_retries: max, initial_backoff: Duration::from_millis(1), max_backoff: Duration::from_millis(5) }
}

pub fn client(server: &MockServer) -> HttpClient<TestDialect> {
    HttpClient::builder(TestDialect, server.uri())
        .credentials(Credentials::new("KEY-ABCDEF", SECRET).with_passphrase(PASSPHRASE))
        .transport(TransportOptions::default().retry_policy(fast_retry(3)).timeout(Duration::from_millis(500)))
        .build()
        .unwrap()
}

/// Awaits `f`, a call that drives the executor's retry loop through failures, and fails the
/// test if it has not ended within 20 s (each attempt here waits milliseconds): a change
/// that makes the loop endless fails the test instead of hanging it.
pub async fn ends<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), f).await.expect("the executor's retry loop never ended")
}

pub async fn received(server: &MockServer, p: &str) -> usize {
    server.received_requests().await.unwrap().iter().filter(|r| r.url.path() == p).count()
}
