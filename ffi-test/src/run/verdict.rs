//! What a child sends its parent on the verdict channel, as records with one encoder and one
//! decoder. A test child sends one [`Record::End`]; a batch child `Begin` and `End` for each
//! check it runs, then `Done`; a probe child one `End`. Each record is a line, and a
//! message is preceded by its length, so a message may hold anything (newlines included).

/// One record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// A check of a batch begins.
    Begin(String),
    /// A test, a probe, or a batch's check ended: `Ok` passed, `Err` failed with the message.
    End(Result<(), String>),
    /// A batch child ran its whole plan.
    Done,
    /// A test process crashed: the crash record's text (`crash.rs`), sent by its signal
    /// handler before the signal ended it.
    Crash(String),
}

impl Record {
    pub fn encode(&self) -> Vec<u8> {
        match self {
            Record::Begin(name) => format!("begin {name}\n").into_bytes(),
            Record::End(Ok(())) => b"end ok\n".to_vec(),
            Record::End(Err(message)) => {
                format!("end failed {}\n{message}", message.len()).into_bytes()
            }
            Record::Done => b"done\n".to_vec(),
            Record::Crash(text) => {
                let mut head = [0u8; CRASH_HEADER];
                let used = crash_header(&mut head, text.len());
                [&head[..used], text.as_bytes()].concat()
            }
        }
    }

    /// The record at the start of `bytes` and how many bytes it took; `None` while it is
    /// incomplete (or is no record: what follows cannot be read either).
    pub fn decode(bytes: &[u8]) -> Option<(Record, usize)> {
        let line_end = bytes.iter().position(|&b| b == b'\n')?;
        let line = std::str::from_utf8(&bytes[..line_end]).ok()?;
        let used = line_end + 1;
        if let Some(name) = line.strip_prefix("begin ") {
            return Some((Record::Begin(name.to_string()), used));
        }
        match line {
            "done" => return Some((Record::Done, used)),
            "end ok" => return Some((Record::End(Ok(())), used)),
            _ => {}
        }
        if let Some(len) = line.strip_prefix("crash ") {
            let len: usize = len.parse().ok()?;
            let body = bytes.get(used..used + len)?;
            let text = String::from_utf8_lossy(body).into_owned();
            return Some((Record::Crash(text), used + len));
        }
        let len: usize = line.strip_prefix("end failed ")?.parse().ok()?;
        let body = bytes.get(used..used + len)?;
        let message = String::from_utf8_lossy(body).into_owned();
        Some((Record::End(Err(message)), used + len))
    }

    /// Every whole record in `bytes`, and how many bytes they took.
    pub fn decode_all(bytes: &[u8]) -> (Vec<Record>, usize) {
        let mut records = Vec::new();
        let mut used = 0;
        while let Some((record, n)) = Record::decode(&bytes[used..]) {
            records.push(record);
            used += n;
        }
        (records, used)
    }
}

/// The most bytes [`crash_header`] writes.
pub const CRASH_HEADER: usize = 32;

/// Writes a crash record's header, `crash LEN\n`, for a record of `len` bytes into `out`
/// without allocating (a signal handler writes it); how many bytes.
pub fn crash_header(out: &mut [u8], len: usize) -> usize {
    let mut w = super::signal_safe::Writer::new(out);
    w.bytes(b"crash ");
    w.number(len as u64, 10);
    w.bytes(b"\n");
    w.len()
}

/// Writes `n` in `radix` (10 or 16, lowercase) at the start of `out` without allocating (a
/// signal handler writes the crash record with it); how many bytes.
pub fn write_number(out: &mut [u8], mut n: u64, radix: u64) -> usize {
    let mut digits = [0u8; 20];
    let mut len = 0;
    loop {
        digits[len] = b"0123456789abcdef"[(n % radix) as usize];
        len += 1;
        n /= radix;
        if n == 0 {
            break;
        }
    }
    for (i, digit) in digits[..len].iter().rev().enumerate() {
        out[i] = *digit;
    }
    len
}

#[cfg(test)]
mod tests {
    use super::Record;

    #[test]
    fn every_record_round_trips_and_messages_may_hold_anything() {
        let records = [
            Record::Begin("layout__point__then_matches_c".into()),
            Record::End(Ok(())),
            Record::End(Err("two\nlines, and `end ok\n` inside".into())),
            Record::End(Err(String::new())),
            Record::Done,
            Record::Crash("crash b 1 0 0\nmaps\n".into()),
        ];
        let bytes: Vec<u8> = records.iter().flat_map(Record::encode).collect();
        let (decoded, used) = Record::decode_all(&bytes);
        assert_eq!(decoded, records);
        assert_eq!(used, bytes.len());
    }

    #[test]
    fn an_incomplete_record_waits_for_the_rest() {
        let bytes = Record::End(Err("message".into())).encode();
        assert_eq!(Record::decode(&bytes[..bytes.len() - 1]), None);
        assert_eq!(Record::decode(b"end ok"), None);
        assert_eq!(Record::decode_all(b"done\nend fa").1, 5);
    }
}
