//! Who may change the glossary: bearer tokens with a role, from `shuyu.toml`'s `[serve]`
//! table or `SHUYU_TOKENS`, held only as SHA-256 digests and compared in constant time.

use super::problem::Problem;
use crate::error::{Error, Result};
use axum::http::{HeaderMap, StatusCode, header};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What a token lets its holder do. A terminologist may do all a translator may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Proposes entries and edits candidates.
    Translator,
    /// Also approves, rejects, marks variants and edits approved or rejected entries.
    Terminologist,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Translator => "translator",
            Role::Terminologist => "terminologist",
        }
    }

    fn parse(s: &str) -> Option<Role> {
        match s {
            "translator" => Some(Role::Translator),
            "terminologist" => Some(Role::Terminologist),
            _ => None,
        }
    }
}

/// The fewest characters a token given in `SHUYU_TOKENS` may have: a short one can be
/// guessed.
pub const MIN_TOKEN_CHARS: usize = 16;

/// One holder of a token: the name changes are recorded under, the role, the token's digest.
#[derive(Clone)]
pub struct Token {
    pub name: String,
    pub role: Role,
    digest: [u8; 32],
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Token({}, {})", self.name, self.role.as_str())
    }
}

impl Token {
    /// A token given by its SHA-256 digest in hex (`printf %s TOKEN | sha256sum`).
    pub fn hashed(name: &str, role: Role, sha256_hex: &str) -> std::result::Result<Token, String> {
        let hex = sha256_hex.trim();
        let mut digest = [0u8; 32];
        let ok = hex.len() == 64
            && hex.is_ascii()
            && digest.iter_mut().enumerate().all(|(i, d)| {
                u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).is_ok_and(|b| {
                    *d = b;
                    true
                })
            });
        if !ok {
            return Err(format!(
                "sha256 of token `{name}`: 64 hexadecimal digits, as `printf %s TOKEN | \
                 sha256sum` prints them"
            ));
        }
        check_name(name)?;
        Ok(Token {
            name: name.to_owned(),
            role,
            digest,
        })
    }

    /// A token given as it is; only its digest is kept.
    pub fn plain(name: &str, role: Role, token: &str) -> std::result::Result<Token, String> {
        check_name(name)?;
        if token.chars().count() < MIN_TOKEN_CHARS {
            return Err(format!(
                "the token of `{name}` has fewer than {MIN_TOKEN_CHARS} characters: use a long \
                 random one (openssl rand -hex 24)"
            ));
        }
        Ok(Token {
            name: name.to_owned(),
            role,
            digest: Sha256::digest(token.as_bytes()).into(),
        })
    }
}

/// A name is recorded as a git author: one line, no angle brackets but an `<email>` at its end.
fn check_name(name: &str) -> std::result::Result<(), String> {
    let bare = name.split_once('<').map_or(name, |(n, _)| n).trim();
    if bare.is_empty() || name.chars().any(char::is_control) || name.len() > 200 {
        return Err(format!(
            "token name `{name}`: a person's name on one line (optionally `Name <email>`)"
        ));
    }
    Ok(())
}

/// The tokens of `SHUYU_TOKENS`: `name:role:token`, comma-separated (a token may hold `:`).
pub fn parse_env(value: &str) -> Result<Vec<Token>> {
    let wrong = |m: String| Error::Usage(format!("SHUYU_TOKENS: {m}"));
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|one| {
            let mut parts = one.splitn(3, ':');
            let (Some(name), Some(role), Some(token)) = (parts.next(), parts.next(), parts.next())
            else {
                return Err(wrong(
                    "each token as name:role:token, comma-separated (role: translator or \
                     terminologist)"
                        .into(),
                ));
            };
            let role = Role::parse(role.trim()).ok_or_else(|| {
                wrong(format!(
                    "role `{role}` of `{name}`: translator or terminologist"
                ))
            })?;
            Token::plain(name.trim(), role, token).map_err(wrong)
        })
        .collect()
}

/// The tokens the service accepts.
#[derive(Debug, Clone, Default)]
pub struct Tokens(Vec<Token>);

impl Tokens {
    pub fn new(tokens: Vec<Token>) -> Tokens {
        Tokens(tokens)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The holder of the bearer token in `headers`: `None` when there is no Authorization
    /// header, 401 when it is not a bearer token this service knows.
    pub fn holder(&self, headers: &HeaderMap) -> std::result::Result<Option<&Token>, Problem> {
        let Some(value) = headers.get(header::AUTHORIZATION) else {
            return Ok(None);
        };
        let token = value
            .to_str()
            .ok()
            .and_then(|v| {
                let (scheme, rest) = v.trim().split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
            })
            .ok_or_else(|| unauthorized("the Authorization header is not `Bearer TOKEN`"))?;
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        // Every stored digest is compared whole, whatever matched: the time taken says
        // nothing about which bytes of which token were right.
        let mut found = None;
        for t in &self.0 {
            let diff = t
                .digest
                .iter()
                .zip(&digest)
                .fold(0u8, |acc, (a, b)| acc | (a ^ b));
            if std::hint::black_box(diff) == 0 && found.is_none() {
                found = Some(t);
            }
        }
        found
            .map(Some)
            .ok_or_else(|| unauthorized("the bearer token is not one this service knows"))
    }

    /// The holder of the token in `headers`, who must have at least `role` to `what`.
    pub fn require(
        &self,
        headers: &HeaderMap,
        role: Role,
        what: &str,
    ) -> std::result::Result<&Token, Problem> {
        let holder = self.holder(headers)?.ok_or_else(|| {
            unauthorized(&format!(
                "{what} needs a {} token: send `Authorization: Bearer TOKEN`",
                role.as_str()
            ))
        })?;
        allow(holder, role, what)?;
        Ok(holder)
    }
}

/// 403 unless `holder` has at least `role`.
pub fn allow(holder: &Token, role: Role, what: &str) -> std::result::Result<(), Problem> {
    if holder.role >= role {
        return Ok(());
    }
    Err(Problem::new(
        StatusCode::FORBIDDEN,
        format!(
            "{what} needs a {} token; {} holds a {} token: ask a terminologist",
            role.as_str(),
            holder.name,
            holder.role.as_str()
        ),
    ))
}

/// From a peer that is not on this machine, every request but `/healthz` needs a token of any
/// role: reading is open on loopback only. A request with no peer address (the router used
/// in-process) is local.
pub async fn off_loopback(
    axum::extract::State(app): axum::extract::State<std::sync::Arc<super::App>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let remote = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .is_some_and(|c| !c.0.ip().is_loopback());
    if remote && req.uri().path() != "/healthz" {
        match app.tokens.holder(req.headers()) {
            Ok(Some(_)) => {}
            Ok(None) => {
                return unauthorized(
                    "from another machine every request needs a token: send \
                     `Authorization: Bearer TOKEN`",
                )
                .into_response();
            }
            Err(p) => return p.into_response(),
        }
    }
    next.run(req).await
}

fn unauthorized(detail: &str) -> Problem {
    Problem::new(StatusCode::UNAUTHORIZED, detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_tokens_are_hashed_and_found() {
        let t =
            parse_env("li:terminologist:0123456789abcdefXYZ, wang:translator:a:b:cdefghijklmnopq")
                .unwrap();
        assert_eq!(t[1].name, "wang");
        let tokens = Tokens::new(t);
        let mut h = HeaderMap::new();
        h.insert(
            header::AUTHORIZATION,
            "Bearer a:b:cdefghijklmnopq".parse().unwrap(),
        );
        assert_eq!(tokens.holder(&h).unwrap().unwrap().role, Role::Translator);
        h.insert(header::AUTHORIZATION, "Bearer nope".parse().unwrap());
        assert_eq!(tokens.holder(&h).unwrap_err().status, 401);
        assert!(parse_env("li:boss:0123456789abcdefXYZ").is_err());
        assert!(parse_env("li:translator:short").is_err());
    }

    #[test]
    fn hex_digests_are_checked() {
        let hex = "a".repeat(64);
        assert!(Token::hashed("li", Role::Translator, &hex).is_ok());
        assert!(Token::hashed("li", Role::Translator, &"g".repeat(64)).is_err());
        assert!(Token::hashed("li", Role::Translator, "ab").is_err());
        assert!(Token::hashed("", Role::Translator, &hex).is_err());
    }
}
