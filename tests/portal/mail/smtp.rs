//! A small SMTP server for tests: speaks enough ESMTP for lettre (EHLO/HELO,
//! MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT), records every message it
//! accepts, and can be stopped and restarted on the same port to play an
//! outage.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::Notify;
use tokio::task::{JoinHandle, JoinSet};

/// One accepted message.
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope sender (MAIL FROM).
    pub mail_from: String,
    /// The envelope recipients (RCPT TO).
    pub rcpt_to: Vec<String>,
    /// The DATA, dot-stuffing undone, without the final ".".
    pub data: Vec<u8>,
}

#[derive(Default)]
struct Shared {
    received: Mutex<Vec<Received>>,
    arrived: Notify,
}

pub struct SmtpServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: Option<JoinHandle<()>>,
}

impl SmtpServer {
    /// Listens on a free loopback port.
    pub async fn start() -> SmtpServer {
        let listener = listen("127.0.0.1:0".parse().unwrap());
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared::default());
        let task = Some(tokio::spawn(accept(listener, shared.clone())));
        SmtpServer { addr, shared, task }
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Closes the port and every open connection: connections are refused
    /// until `restart`.
    pub async fn stop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            // Returns once the task is gone, so its listener is closed.
            let _ = task.await;
        }
    }

    /// Listens again on the same port, keeping what was received.
    pub fn restart(&mut self) {
        assert!(self.task.is_none(), "restart after stop");
        let listener = listen(self.addr);
        self.task = Some(tokio::spawn(accept(listener, self.shared.clone())));
    }

    /// Everything accepted so far, oldest first.
    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    /// Waits until at least `n` messages have arrived; panics after `timeout`.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            // Registered before the check, so an arrival in between is not missed.
            let arrived = self.shared.arrived.notified();
            tokio::pin!(arrived);
            arrived.as_mut().enable();
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                panic!(
                    "SMTP server: {} message(s) after {timeout:?}, wanted {n}",
                    got.len()
                );
            }
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// A listener that may take a port still in TIME_WAIT from the last run.
fn listen(addr: SocketAddr) -> TcpListener {
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_reuseaddr(true).unwrap();
    socket.bind(addr).unwrap();
    socket.listen(16).unwrap()
}

async fn accept(listener: TcpListener, shared: Arc<Shared>) {
    // Owned here so that aborting this task drops (and aborts) every session.
    let mut sessions = JoinSet::new();
    loop {
        tokio::select! {
            r = listener.accept() => {
                if let Ok((stream, _)) = r {
                    sessions.spawn(session(stream, shared.clone()));
                }
            }
            Some(_) = sessions.join_next(), if !sessions.is_empty() => {}
        }
    }
}

async fn session(stream: TcpStream, shared: Arc<Shared>) -> std::io::Result<()> {
    let (read, mut w) = stream.into_split();
    let mut r = BufReader::new(read);
    w.write_all(b"220 smtp.test ESMTP ready\r\n").await?;
    let mut mail_from: Option<String> = None;
    let mut rcpt_to: Vec<String> = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if r.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let cmd = String::from_utf8_lossy(&line).trim_end().to_string();
        let verb = cmd
            .split([' ', ':'])
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-smtp.test\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n",
            "HELO" => b"250 smtp.test\r\n",
            "MAIL" => {
                mail_from = Some(angle_addr(&cmd));
                rcpt_to.clear();
                b"250 2.1.0 OK\r\n"
            }
            "RCPT" if mail_from.is_some() => {
                rcpt_to.push(angle_addr(&cmd));
                b"250 2.1.5 OK\r\n"
            }
            "DATA" if !rcpt_to.is_empty() => {
                w.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
                let data = read_data(&mut r).await?;
                // Recorded before the 250, so a sender that got its reply
                // always finds its message here.
                shared.received.lock().unwrap().push(Received {
                    mail_from: mail_from.take().unwrap_or_default(),
                    rcpt_to: std::mem::take(&mut rcpt_to),
                    data,
                });
                shared.arrived.notify_waiters();
                b"250 2.0.0 queued\r\n"
            }
            "RCPT" | "DATA" => b"503 5.5.1 bad sequence of commands\r\n",
            "RSET" => {
                mail_from = None;
                rcpt_to.clear();
                b"250 2.0.0 OK\r\n"
            }
            "NOOP" => b"250 2.0.0 OK\r\n",
            "QUIT" => {
                w.write_all(b"221 2.0.0 bye\r\n").await?;
                return Ok(());
            }
            _ => b"502 5.5.2 command not implemented\r\n",
        };
        w.write_all(reply).await?;
    }
}

/// The address between `<` and `>` (parameters such as BODY=8BITMIME follow).
fn angle_addr(cmd: &str) -> String {
    match (cmd.find('<'), cmd.find('>')) {
        (Some(a), Some(b)) if a < b => cmd[a + 1..b].to_string(),
        _ => String::new(),
    }
}

async fn read_data(r: &mut BufReader<tokio::net::tcp::OwnedReadHalf>) -> std::io::Result<Vec<u8>> {
    let mut data = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if r.read_until(b'\n', &mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == b".\r\n" || line == b".\n" {
            return Ok(data);
        }
        let body = if line.starts_with(b"..") {
            &line[1..]
        } else {
            &line[..]
        };
        data.extend_from_slice(body);
    }
}
