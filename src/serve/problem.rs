//! Errors as HTTP responses: RFC 9457 problem documents (`application/problem+json`) with a
//! status, a title and a detail that says what is wrong and what to do.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The media type of problem documents.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A request that could not be served.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// Always `about:blank`: the status and title say what kind of problem it is.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: String,
    pub status: u16,
    pub detail: String,
}

impl Problem {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Problem {
            kind: "about:blank",
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::BAD_REQUEST, detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::NOT_FOUND, detail)
    }

    /// A request body that does not parse as the endpoint's JSON: serde's message, which
    /// names the field or the line and column.
    pub fn json(e: &serde_json::Error) -> Self {
        Problem::new(
            StatusCode::BAD_REQUEST,
            format!("the body is not the JSON this endpoint takes: {e}; see docs/api.md"),
        )
    }
}

impl From<crate::Error> for Problem {
    /// A library error caused by the request (a pair that cannot be aligned, an over-long
    /// query) is the client's to fix: 422 with the library's message.
    fn from(e: crate::Error) -> Self {
        let status = match e {
            crate::Error::Usage(_) | crate::Error::Align { .. } | crate::Error::Input { .. } => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        Problem::new(status, e.to_string())
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        let body = serde_json::to_string(&self).unwrap_or_default();
        let mut r = (status, body).into_response();
        r.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        r
    }
}

/// A problem document in place of the empty or plain-text error responses of the routing and
/// limit layers (404, 405, 408, 413, …), so every error a client sees has the same shape.
pub async fn as_problem(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let typed = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with(PROBLEM_JSON) || t.starts_with("application/json"));
    if typed {
        return response;
    }
    let detail = match status {
        StatusCode::NOT_FOUND => "no such endpoint: the endpoints are listed in docs/api.md",
        StatusCode::METHOD_NOT_ALLOWED => {
            "this endpoint does not take this method: see docs/api.md"
        }
        StatusCode::PAYLOAD_TOO_LARGE => {
            "the request body is larger than the service accepts (--max-body): send less text \
             per request"
        }
        StatusCode::REQUEST_TIMEOUT | StatusCode::SERVICE_UNAVAILABLE => {
            "the request took longer than the service allows (--timeout): send less text per \
             request"
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            "the body's Content-Type is not one this endpoint takes"
        }
        _ => "the request could not be served",
    };
    let mut problem = Problem::new(status, detail).into_response();
    *problem.status_mut() = status;
    problem
}
