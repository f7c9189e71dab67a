//! The OKX response envelope, `{"code": "0", "msg": "", "data": …}`, read once.

use earn_core::http::{Endpoint, RawResponse, RetryHint, Verdict, retry_after_header};
use earn_core::{Error, VenueError, VenueId, body_excerpt};
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde_json::value::RawValue;

use crate::codes::{CodeClass, verdict};

/// The envelope; `code` may be a number or a string, `msg` and `data` may be absent. The
/// Web3 v5 API adds `error_message` and `detailMsg`.
#[derive(Deserialize)]
pub struct Envelope<'a> {
    /// `"0"` on success.
    #[serde(default, deserialize_with = "earn_core::wire::lenient::opt")]
    pub code: Option<String>,
    /// The venue's message.
    #[serde(default, deserialize_with = "earn_core::wire::lenient::opt")]
    pub msg: Option<String>,
    /// The payload, unparsed.
    #[serde(default, borrow)]
    pub data: Option<&'a RawValue>,
    /// Web3 v5: a second message field.
    #[serde(default, deserialize_with = "earn_core::wire::lenient::opt")]
    pub error_message: Option<String>,
    /// Web3 v5: a detail message.
    #[serde(default, rename = "detailMsg", deserialize_with = "earn_core::wire::lenient::opt")]
    pub detail_msg: Option<String>,
}

impl Envelope<'_> {
    /// `msg`, else `error_message`, else `detailMsg`: the first that says something.
    pub fn message(&self) -> String {
        [&self.msg, &self.error_message, &self.detail_msg].into_iter().flatten().next().cloned().unwrap_or_default()
    }
}

/// How one OKX API reads its envelope.
#[derive(Clone, Debug)]
pub struct EnvelopeRules {
    /// The venue named in errors.
    pub venue: VenueId,
    /// The API's code table (its own codes first, then [`classify_common`](crate::codes::classify_common)).
    pub classify: fn(&str) -> CodeClass,
    /// The payload decoded when `data` is absent or `null` (`"[]"` where every answer is a list).
    pub empty_data: &'static str,
    /// Whether a bare JSON array with a 2xx status is a success payload (the Web3 CLI's form).
    pub bare_arrays: bool,
}

impl EnvelopeRules {
    /// Classifies one answer for the shared executor.
    pub fn interpret<'a>(&self, ep: &Endpoint, r: &'a RawResponse) -> Verdict<'a> {
        let retry_after = retry_after_header(&r.headers);
        let status = r.status;
        let ve = |code: String, msg: String| VenueError::new(self.venue.clone(), code, msg, Some(status));
        // Only an object is an envelope (serde would also read a struct from an array).
        let is_object = r.body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
        match serde_json::from_slice::<Envelope<'a>>(&r.body) {
            Ok(env) if is_object && env.code.is_some() => {
                let message = env.message();
                let code = env.code.unwrap_or_default();
                if code == "0" && status < 300 {
                    return Verdict::Success(match env.data.map(RawValue::get) {
                        Some("null") | None => self.empty_data,
                        Some(d) => d,
                    });
                }
                if code == "0" || status >= 500 {
                    // A success code on an error status, or any 5xx: the server failed.
                    let code = if code == "0" { format!("HTTP {status}") } else { code };
                    return Verdict::Uncertain(ve(code, message));
                }
                verdict((self.classify)(&code), ve(code, message), ep.is_write(), retry_after)
            }
            _ => {
                let excerpt = body_excerpt(&r.body);
                let http_code = format!("HTTP {status}");
                match status {
                    200..=299 => {
                        let text = std::str::from_utf8(&r.body).unwrap_or("");
                        if self.bare_arrays
                            && text.trim_start().starts_with('[')
                            && serde_json::from_str::<&RawValue>(text).is_ok()
                        {
                            Verdict::Success(text)
                        } else {
                            Verdict::Undecodable(format!("HTTP {status} without an OKX envelope (no `code`)"))
                        }
                    }
                    429 => Verdict::Rejected {
                        error: Error::RateLimited { error: ve(http_code, excerpt), retry_after },
                        retry: RetryHint::Transient { after: retry_after },
                    },
                    401 => Verdict::Rejected {
                        error: Error::Authentication(ve(http_code, excerpt)),
                        retry: RetryHint::Never,
                    },
                    402 | 403 => {
                        Verdict::Rejected { error: Error::Permission(ve(http_code, excerpt)), retry: RetryHint::Never }
                    }
                    500.. => Verdict::Uncertain(ve(http_code, excerpt)),
                    _ if ep.is_write() => Verdict::Uncertain(ve(http_code, excerpt)),
                    _ => Verdict::Rejected { error: Error::Rejected(ve(http_code, excerpt)), retry: RetryHint::Never },
                }
            }
        }
    }
}

/// One scan for the common case: a 2xx answer whose `code` is `0` (`0` or `"0"`) and
/// whose `data` is present, decoded straight into `T`; the code is compared without
/// allocating. Anything else returns `None`, and the executor classifies the answer with
/// [`EnvelopeRules::interpret`].
pub fn decode_success<T: DeserializeOwned>(r: &RawResponse) -> Option<T> {
    #[derive(Deserialize)]
    #[serde(bound = "T: DeserializeOwned")]
    struct Success<T> {
        code: CodeIsZero,
        data: Option<T>,
    }
    if !(200..300).contains(&r.status) {
        return None;
    }
    match serde_json::from_slice::<Success<T>>(&r.body).ok()? {
        Success { code: CodeIsZero(true), data: Some(data) } => Some(data),
        _ => None,
    }
}

/// Whether the envelope's `code` is `0` (`0` or `"0"`), read without allocating. Any
/// other scalar is "not zero"; another shape fails, and [`decode_success`] then leaves the
/// answer to [`EnvelopeRules::interpret`].
struct CodeIsZero(bool);

impl<'de> Deserialize<'de> for CodeIsZero {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = CodeIsZero;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a code")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<CodeIsZero, E> {
                Ok(CodeIsZero(v == 0))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<CodeIsZero, E> {
                Ok(CodeIsZero(v == 0))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<CodeIsZero, E> {
                Ok(CodeIsZero(v == "0"))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use bytes_free::raw;
    use earn_core::ErrorKind;
    use earn_core::Operation;

    use super::*;
    use crate::codes::classify_common;

    mod bytes_free {
        use earn_core::http::{HeaderMap, RawResponse};
        pub fn raw(status: u16, body: &'static str) -> RawResponse {
            RawResponse { status, headers: HeaderMap::new(), body: body.as_bytes().to_vec().into() }
        }
    }

    const RULES: EnvelopeRules = EnvelopeRules {
        venue: VenueId::from_static("okx"),
        classify: classify_common,
        empty_data: "[]",
        bare_arrays: false,
    };
    static READ: Endpoint = Endpoint::get("/r");
    static WRITE: Endpoint = Endpoint::post("/w").write(Operation::Stake);

    fn kind(v: Verdict<'_>) -> Option<ErrorKind> {
        match v {
            Verdict::Rejected { error, .. } => Some(error.kind()),
            _ => None,
        }
    }

    #[test]
    fn success_and_empty_data() {
        let r = raw(200, r#"{"code":"0","msg":"","data":[{"a":1}]}"#);
        assert!(matches!(RULES.interpret(&READ, &r), Verdict::Success(r#"[{"a":1}]"#)));
        let r = raw(200, r#"{"code":0,"msg":""}"#);
        assert!(matches!(RULES.interpret(&READ, &r), Verdict::Success("[]")));
        let v: Option<Vec<serde_json::Value>> = decode_success(&raw(200, r#"{"code":"0","data":[1]}"#));
        assert_eq!(v.unwrap().len(), 1);
        assert!(decode_success::<Vec<u8>>(&raw(200, r#"{"code":"51000","data":[]}"#)).is_none());
        assert!(decode_success::<Vec<u8>>(&raw(500, r#"{"code":"0","data":[]}"#)).is_none());
    }

    /// The single-pass path never disagrees with the full one: it answers only plain
    /// successes, and then with the same payload.
    #[test]
    fn the_fast_path_agrees_with_interpret() {
        let bare = EnvelopeRules { bare_arrays: true, ..RULES };
        let cases = [
            (200, r#"{"code":0,"msg":"","data":[1,2]}"#),
            (200, r#"{"code":"0","data":[3]}"#),
            (200, r#"{"code":0,"data":null}"#),
            (200, r#"{"code":0}"#),
            (200, r#"{"code":null,"data":[1]}"#),
            (200, r#"{"code":"00","data":[1]}"#),
            (200, r#"{"code":0.0,"data":[1]}"#),
            (200, r#"{"code":84019,"msg":"bad","data":[1]}"#),
            (200, r#"{"code":"51000","data":[]}"#),
            (500, r#"{"code":0,"data":[1]}"#),
            (200, r#"[4,5]"#),
        ];
        let mut fast_answers = 0;
        for rules in [&RULES, &bare] {
            for (status, body) in cases {
                let r = raw(status, body);
                let full = match rules.interpret(&READ, &r) {
                    Verdict::Success(p) => serde_json::from_str::<Vec<u8>>(p).ok(),
                    _ => None,
                };
                if let Some(v) = decode_success::<Vec<u8>>(&r) {
                    assert_eq!(Some(v), full, "{body}");
                    fast_answers += 1;
                }
            }
        }
        // `0` and `"0"` with data, under both rule sets.
        assert_eq!(fast_answers, 4);
    }

    #[test]
    fn failures() {
        assert!(matches!(RULES.interpret(&WRITE, &raw(500, "<html>")), Verdict::Uncertain(_)));
        assert!(matches!(RULES.interpret(&WRITE, &raw(502, r#"{"code":"0"}"#)), Verdict::Uncertain(_)));
        assert_eq!(kind(RULES.interpret(&READ, &raw(429, "slow down"))), Some(ErrorKind::RateLimited));
        assert_eq!(kind(RULES.interpret(&WRITE, &raw(401, ""))), Some(ErrorKind::Authentication));
        assert_eq!(
            kind(RULES.interpret(&READ, &raw(200, r#"{"code":"50113","msg":"bad"}"#))),
            Some(ErrorKind::Authentication)
        );
        assert!(matches!(RULES.interpret(&READ, &raw(200, "[1]")), Verdict::Undecodable(_)));
        let bare = EnvelopeRules { bare_arrays: true, ..RULES };
        assert!(matches!(bare.interpret(&READ, &raw(200, "[1]")), Verdict::Success("[1]")));
        assert!(matches!(RULES.interpret(&WRITE, &raw(404, "")), Verdict::Uncertain(_)));
    }
}
