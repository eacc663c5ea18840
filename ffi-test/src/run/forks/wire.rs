//! What the harness and its fork server say to each other, one message each way per test: the
//! request (the test, the environment it adds, its descriptors attached) and the reply (forked,
//! or why the server will not fork). The test's pid comes on a pipe of its own, from the
//! process that forked it (see `template`).

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};

/// The largest request or reply: a test name and a sweep's few variables.
pub const MAX_MESSAGE: usize = 64 << 10;

/// Start one test. Attached: its verdict channel's end, the write end of the pipe that is to
/// carry its pid, then (when output is captured) the write end of its output pipe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub test: String,
    /// Variables set in the test's process before it runs (a sweep's plan).
    pub env: Vec<(String, OsString)>,
}

/// The server's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Forked: the test's pid follows on the pipe given for it.
    Forked,
    /// Not forked, and why (the harness starts the test by `exec` instead).
    Refused(String),
}

impl Request {
    /// The test's name, then each variable's name and value, each ended by a NUL (which none
    /// of them can hold).
    pub fn encode(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(self.test.as_bytes());
        bytes.push(0);
        for (name, value) in &self.env {
            bytes.extend_from_slice(name.as_bytes());
            bytes.push(0);
            bytes.extend_from_slice(value.as_bytes());
            bytes.push(0);
        }
        bytes
    }

    pub fn decode(bytes: &[u8]) -> Result<Request, String> {
        let body = bytes
            .strip_suffix(&[0])
            .ok_or("a request that does not end with NUL")?;
        let mut fields = body.split(|&b| b == 0);
        let test = fields.next().ok_or("an empty request")?;
        let test = std::str::from_utf8(test)
            .map_err(|_| "a test name that is not UTF-8")?
            .to_string();
        let rest: Vec<&[u8]> = fields.collect();
        if !rest.len().is_multiple_of(2) {
            return Err("a variable without a value".into());
        }
        let env = rest
            .chunks(2)
            .map(|pair| {
                let name = std::str::from_utf8(pair[0])
                    .map_err(|_| "a variable name that is not UTF-8")?;
                Ok((name.to_string(), OsString::from_vec(pair[1].to_vec())))
            })
            .collect::<Result<_, String>>()?;
        Ok(Request { test, env })
    }
}

impl Reply {
    pub fn encode(&self) -> Vec<u8> {
        match self {
            Reply::Forked => b"forked".to_vec(),
            Reply::Refused(why) => format!("refused {why}").into_bytes(),
        }
    }

    pub fn decode(bytes: &[u8]) -> Result<Reply, String> {
        let text = OsStr::from_bytes(bytes).to_string_lossy();
        if text == "forked" {
            return Ok(Reply::Forked);
        }
        text.strip_prefix("refused ")
            .map(|why| Reply::Refused(why.to_string()))
            .ok_or_else(|| format!("an unknown reply: {text:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_decodes_to_itself() {
        let request = Request {
            test: "sweep::alloc".into(),
            env: vec![
                ("FFI_TEST_FAULTS_PLAN".into(), OsString::from("k=3")),
                ("EMPTY".into(), OsString::new()),
                ("BYTES".into(), OsString::from_vec(vec![0xff, b'=', b' '])),
            ],
        };
        assert_eq!(Request::decode(&request.encode()), Ok(request));
        let bare = Request {
            test: "t".into(),
            env: Vec::new(),
        };
        assert_eq!(Request::decode(&bare.encode()), Ok(bare));
    }

    #[test]
    fn a_damaged_request_is_refused() {
        assert!(Request::decode(b"").is_err());
        assert!(Request::decode(b"test").is_err());
        assert!(Request::decode(b"test\0NAME\0").is_err());
        assert!(Request::decode(b"\xff\0").is_err());
    }

    #[test]
    fn a_reply_decodes_to_itself() {
        for reply in [Reply::Forked, Reply::Refused("3 threads".into())] {
            assert_eq!(Reply::decode(&reply.encode()), Ok(reply));
        }
        assert!(Reply::decode(b"forked 1").is_err());
        assert!(Reply::decode(b"what").is_err());
    }
}
