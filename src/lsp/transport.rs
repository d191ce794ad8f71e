//! JSON-RPC framing over a byte stream (stdio), forgiving of what a client
//! sends: a body that is no JSON gets a parse error, a message of the wrong
//! shape an invalid-request error, a broken header is skipped until the
//! next one, and a body too large to hold is read past. Only the end of the
//! input (or `exit`) stops the reader; nothing here interprets a message.
//!
//! lsp-server's own stdio transport ends the connection on the first bad
//! message, so we frame the messages ourselves and hand lsp-server's
//! [`Message`]s to the server through its [`Connection`].

use std::io::{self, BufRead, Read, Write};
use std::thread::JoinHandle;

use crossbeam_channel::{select, unbounded, Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message};
use serde_json::{json, Value};

/// The largest message body read into memory; larger ones are skipped.
/// A 5 MB page sent whole fits many times over.
pub const MAX_MESSAGE_BYTES: usize = 64 << 20;
/// The longest header line looked at.
const MAX_HEADER_LINE: u64 = 8 << 10;

/// The threads behind a connection: the writer is joined at the end so
/// every answer is written before the process exits. The reader is not: it
/// may sit in a read of an input the client keeps open.
pub struct Transport {
    writer: JoinHandle<io::Result<()>>,
}

impl Transport {
    /// Waits until everything sent has been written.
    pub fn finish(self) -> io::Result<()> {
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")))
    }
}

/// A connection over stdin and stdout.
pub fn stdio() -> (Connection, Transport) {
    connect(io::BufReader::new(io::stdin()), io::stdout())
}

/// A connection reading framed messages from `input` and writing to `output`.
pub fn connect(
    input: impl BufRead + Send + 'static,
    output: impl Write + Send + 'static,
) -> (Connection, Transport) {
    let (to_server, from_client) = unbounded::<Message>();
    let (to_client, from_server) = unbounded::<Message>();
    let (errors_out, errors_in) = unbounded::<Value>();
    std::thread::Builder::new()
        .name("lsp-reader".into())
        .spawn(move || read_messages(input, &to_server, &errors_out))
        .expect("a thread can be started");
    let writer = std::thread::Builder::new()
        .name("lsp-writer".into())
        .spawn(move || write_messages(output, &from_server, &errors_in))
        .expect("a thread can be started");
    let connection = Connection {
        sender: to_client,
        receiver: from_client,
    };
    (connection, Transport { writer })
}

fn read_messages(mut input: impl BufRead, messages: &Sender<Message>, errors: &Sender<Value>) {
    loop {
        let body = match read_frame(&mut input) {
            Ok(Some(body)) => body,
            Ok(None) => return,
            Err(FrameError::Io(error)) => {
                eprintln!("planbook lsp: reading a message: {error}");
                return;
            }
            Err(FrameError::Malformed(reason)) => {
                eprintln!("planbook lsp: skipping a malformed message: {reason}");
                let _ = errors.send(error_response(Value::Null, ErrorCode::ParseError, &reason));
                continue;
            }
        };
        let value: Value = match serde_json::from_slice(&body) {
            Ok(value) => value,
            Err(error) => {
                let reason = format!("the message is not JSON: {error}");
                let _ = errors.send(error_response(Value::Null, ErrorCode::ParseError, &reason));
                continue;
            }
        };
        let id = value.get("id").cloned().unwrap_or(Value::Null);
        match serde_json::from_value::<Message>(value) {
            Ok(message) => {
                let is_exit =
                    matches!(&message, Message::Notification(note) if note.method == "exit");
                if messages.send(message).is_err() || is_exit {
                    return;
                }
            }
            Err(error) => {
                let reason = format!("not a JSON-RPC request, response or notification: {error}");
                let id = if id.is_number() || id.is_string() {
                    id
                } else {
                    Value::Null
                };
                let _ = errors.send(error_response(id, ErrorCode::InvalidRequest, &reason));
            }
        }
    }
}

fn error_response(id: Value, code: ErrorCode, message: &str) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code as i32, "message": message } })
}

fn write_messages(
    mut output: impl Write,
    messages: &Receiver<Message>,
    errors: &Receiver<Value>,
) -> io::Result<()> {
    let mut errors_open = true;
    loop {
        let never = crossbeam_channel::never();
        let errors = if errors_open { errors } else { &never };
        select! {
            recv(messages) -> message => match message {
                Ok(message) => message.write(&mut output)?,
                Err(_) => return output.flush(),
            },
            recv(errors) -> error => match error {
                Ok(error) => write_frame(&mut output, &error.to_string())?,
                Err(_) => errors_open = false,
            },
        }
    }
}

fn write_frame(output: &mut impl Write, body: &str) -> io::Result<()> {
    write!(output, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    output.flush()
}

#[derive(Debug)]
enum FrameError {
    /// The input failed or ended inside a message.
    Io(io::Error),
    /// A frame that cannot be read; the stream goes on after it.
    Malformed(String),
}

impl From<io::Error> for FrameError {
    fn from(error: io::Error) -> Self {
        FrameError::Io(error)
    }
}

/// The body of the next message; None at the end of the input.
fn read_frame(input: &mut impl BufRead) -> Result<Option<Vec<u8>>, FrameError> {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = input
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)?;
        if read == 0 {
            return match saw_header {
                true => Err(FrameError::Io(io::ErrorKind::UnexpectedEof.into())),
                false => Ok(None),
            };
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !saw_header {
                continue;
            }
            break;
        }
        saw_header = true;
        let Some((name, value)) = text.split_once(':') else {
            return Err(FrameError::Malformed(format!(
                "a header line without `:`: {}",
                shorten(text)
            )));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            length = Some(value.trim().parse().map_err(|_| {
                FrameError::Malformed(format!(
                    "Content-Length `{}` is no number",
                    shorten(value.trim())
                ))
            })?);
        }
    }
    let Some(length) = length else {
        return Err(FrameError::Malformed(
            "a message without Content-Length".into(),
        ));
    };
    if length > MAX_MESSAGE_BYTES {
        io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        return Err(FrameError::Malformed(format!(
            "a message of {length} bytes, more than the {MAX_MESSAGE_BYTES} planbook reads"
        )));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<Result<Option<Vec<u8>>, String>> {
        let mut reader = io::Cursor::new(input.as_bytes().to_vec());
        let mut found = Vec::new();
        loop {
            match read_frame(&mut reader) {
                Ok(None) => return found,
                Ok(body) => found.push(Ok(body)),
                Err(FrameError::Malformed(reason)) => found.push(Err(reason)),
                Err(FrameError::Io(error)) => {
                    found.push(Err(error.to_string()));
                    return found;
                }
            }
        }
    }

    #[test]
    fn reads_frames_and_skips_broken_headers() {
        let input = "Content-Length: 2\r\n\r\n{}garbage line\r\n\r\ncontent-length: 4\r\nContent-Type: x\r\n\r\nnull";
        let found = frames(input);
        assert_eq!(found[0], Ok(Some(b"{}".to_vec())));
        assert!(found[1]
            .as_ref()
            .is_err_and(|reason| reason.contains("without `:`")));
        assert_eq!(found.last(), Some(&Ok(Some(b"null".to_vec()))));
    }

    #[test]
    fn a_huge_length_is_read_past_not_allocated() {
        let input = format!("Content-Length: {}\r\n\r\nabc", MAX_MESSAGE_BYTES + 1);
        let found = frames(&input);
        assert!(found[0]
            .as_ref()
            .is_err_and(|reason| reason.contains("more than")));
    }

    #[test]
    fn a_message_cut_short_ends_the_input() {
        let found = frames("Content-Length: 10\r\n\r\n{}");
        assert_eq!(found.len(), 1);
        assert!(found[0].is_err());
    }
}
