//! Checks a zipped workbook (.xlsx, .xlsm, .xlsb, .ods) before calamine
//! unpacks any of it, so that a small upload cannot make the server unpack
//! or hold gigabytes.
//!
//! The checks use the `zip` crate at the version calamine uses, so they see
//! the same central directory, the same entries and the same sizes calamine
//! will. That crate also stops reading an entry with an error as soon as it
//! yields more bytes than its declared size, so an entry that lies about its
//! size cannot unpack past what is checked here; the checks therefore only
//! have to bound the declared sizes.
//!
//! What calamine does with the parts decides the checks:
//!
//! - Worksheets are streamed cell by cell ([`crate::workbook`]), so their
//!   size costs time, not memory. The declared sizes of all entries together
//!   are bounded by [`MAX_UNPACKED_BYTES`] (the time bound), and no entry
//!   may claim more than [`MAX_RATIO`] times its packed size.
//! - The XML reader holds one whole tag or text run at a time, so a single
//!   run of hundreds of megabytes would be held whole. Every part larger
//!   than [`TOKEN_SCAN_FROM`] is scanned before calamine reads it and
//!   refused if it holds a run longer than [`MAX_TOKEN_BYTES`]; smaller
//!   parts cannot hold a run that matters. The scan splits the XML as the
//!   reader does (quoted attribute values included: a `>` inside one does
//!   not end its tag). In an .xlsx, the large parts calamine does not read
//!   when it opens the workbook (the worksheets) are scanned while it opens
//!   it ([`parts_to_check_later`]), and before any sheet is read.
//! - Shared strings are read whole into memory when the workbook opens;
//!   their cost is estimated by a scan and bounded by
//!   [`MAX_SHARED_STRINGS_BYTES`].
//! - The workbook, relationship, style and theme parts are also read whole;
//!   calamine keeps up to ~200 bytes per XML element of them (a style, a
//!   font, a relationship), so their elements together are bounded by
//!   [`MAX_EAGER_ELEMENTS`].
//! - In an .xlsb file, every record announces its length and calamine
//!   allocates that length before reading it, so each binary part calamine
//!   reads is walked record by record and any record over
//!   [`MAX_XLSB_RECORD_BYTES`] or past the end of its part is refused.

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::{Cursor, Read};

use quick_xml::events::Event;
use zip::ZipArchive;

use crate::sheet::{ReadError, ReadResult};

/// A zip archive over the uploaded bytes.
pub(crate) type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

const MIB: u64 = 1024 * 1024;

/// The most entries an archive may list. A workbook with a hundred sheets
/// has a few hundred; each listed entry costs about 170 bytes in each of the
/// two indexes (ours and calamine's) before any check can look at it.
pub(crate) const MAX_ENTRIES: usize = 10_000;

/// The most bytes all entries may declare together once unpacked: 320 MiB.
/// Spreadsheet XML packs about 8 to 10 to 1 (a 6.5 MB workbook of 100,000 ×
/// 15 cells unpacks to 55 MB), so a workbook at the 20 MB upload limit
/// unpacks to some 200 MB; 320 MiB leaves room for that and bounds the time
/// spent parsing at a few seconds.
pub(crate) const MAX_UNPACKED_BYTES: u64 = 320 * MIB;

/// The largest ratio of unpacked to packed size an entry may claim: 600.
/// Deflate cannot exceed about 1030 to 1, which is what zip bombs use.
/// Spreadsheet XML packs 8 to 20 to 1, but LibreOffice's .ods of 200,000
/// near-identical rows packs 126 to 1, so the bound leaves room above that.
/// Only entries that unpack to more than [`RATIO_CHECK_FROM`] are judged.
pub(crate) const MAX_RATIO: u64 = 600;

/// Entries smaller than this are not judged by their ratio: they cannot
/// cost much, and tiny entries have odd ratios.
const RATIO_CHECK_FROM: u64 = MIB;

/// XML parts declared larger than this are scanned for over-long runs before
/// calamine reads them; a smaller part cannot hold a run that matters.
pub(crate) const TOKEN_SCAN_FROM: u64 = 32 * MIB;

/// The longest tag or text run an XML part may hold: 4 MiB. A cell holds at
/// most 32,767 characters, about 200 KB even with every character escaped.
pub(crate) const MAX_TOKEN_BYTES: u64 = 4 * MIB;

/// The most memory the shared-string table may take once read, as estimated
/// by [`check_shared_strings`]: 64 MiB.
pub(crate) const MAX_SHARED_STRINGS_BYTES: u64 = 64 * MIB;

/// The most XML elements the parts calamine reads whole at open (workbook,
/// relationships, styles, theme) may hold together. Excel allows at most
/// 64,000 cell formats; at ~200 bytes kept per element this bounds them to
/// about 40 MB.
pub(crate) const MAX_EAGER_ELEMENTS: u64 = 200_000;

/// The longest record an .xlsb part may hold. The longest real records (a
/// shared string of 32,767 characters with its formatting runs) are under
/// 200 KB; calamine allocates whatever length a record announces, up to
/// 256 MiB.
pub(crate) const MAX_XLSB_RECORD_BYTES: u64 = MIB;

/// How much of a small part (content types, relationships, mimetype) is read
/// whole for format detection.
const SMALL_PART_BYTES: u64 = MIB;

/// Opens the archive's central directory, refusing archives with more than
/// [`MAX_ENTRIES`] entries. Nothing is unpacked.
pub(crate) fn open<'a>(bytes: &'a [u8], label: &'static str) -> ReadResult<Archive<'a>> {
    let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(label, e))?;
    if archive.len() > MAX_ENTRIES {
        return Err(damaged(
            label,
            format!("{} zip entries, more than {MAX_ENTRIES}", archive.len()),
        ));
    }
    Ok(archive)
}

/// A [`ReadError::Damaged`] for `label` with `detail` for the log.
pub(crate) fn damaged(label: &'static str, detail: impl ToString) -> ReadError {
    ReadError::Damaged {
        format: label,
        detail: detail.to_string(),
    }
}

/// An entry's name as calamine looks it up: backslashes as slashes,
/// compared without regard to ASCII case.
fn normalized(name: &str) -> String {
    name.replace('\\', "/").to_ascii_lowercase()
}

/// The normalized names of all entries, in archive order.
pub(crate) fn entry_names(archive: &Archive<'_>) -> Vec<String> {
    archive
        .file_names()
        .map(|name| name.map_or_else(|_| String::new(), |n| normalized(&n)))
        .collect()
}

/// The index of the entry calamine would find for `path`.
fn find(archive: &Archive<'_>, path: &str) -> Option<usize> {
    let wanted = normalized(path);
    entry_names(archive)
        .iter()
        .rposition(|name| *name == wanted)
}

/// Reads a small entry whole, or `None` when it is missing. An entry larger
/// than 1 MiB is cut there: the callers only look for short markers.
pub(crate) fn read_small(
    archive: &mut Archive<'_>,
    path: &str,
    label: &'static str,
) -> ReadResult<Option<Vec<u8>>> {
    let Some(index) = find(archive, path) else {
        return Ok(None);
    };
    read_small_at(archive, index, label).map(Some)
}

/// Reads entry `index` whole, cut at 1 MiB as [`read_small`] does.
fn read_small_at(
    archive: &mut Archive<'_>,
    index: usize,
    label: &'static str,
) -> ReadResult<Vec<u8>> {
    let entry = archive.by_index(index).map_err(|e| damaged(label, e))?;
    let mut bytes = Vec::new();
    entry
        .take(SMALL_PART_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|e| damaged(label, e))?;
    Ok(bytes)
}

/// Checks the declared sizes of all entries: the total against
/// [`MAX_UNPACKED_BYTES`], each large entry's ratio against [`MAX_RATIO`],
/// and encryption.
pub(crate) fn check_sizes(archive: &Archive<'_>, label: &'static str) -> ReadResult<()> {
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive
            .by_index_data(index)
            .map_err(|e| damaged(label, e))?;
        if entry.encrypted() {
            return Err(ReadError::PasswordProtected);
        }
        let size = entry.size();
        total = total.saturating_add(size);
        if total > MAX_UNPACKED_BYTES {
            return Err(ReadError::UnpackedTooLarge {
                limit: MAX_UNPACKED_BYTES,
            });
        }
        if size > RATIO_CHECK_FROM && size / entry.compressed_size().max(1) > MAX_RATIO {
            return Err(ReadError::CompressionTooHigh {
                part: entry
                    .name()
                    .map_or_else(|_| "?".to_owned(), Cow::into_owned),
                ratio: MAX_RATIO,
            });
        }
    }
    Ok(())
}

/// Unpacks entry `index` in chunks, handing each to `visit`. Memory stays at
/// one chunk whatever the entry's size.
pub(crate) fn stream_entry(
    archive: &mut Archive<'_>,
    index: usize,
    label: &'static str,
    mut visit: impl FnMut(&[u8]) -> ReadResult<()>,
) -> ReadResult<()> {
    let mut entry = archive.by_index(index).map_err(|e| damaged(label, e))?;
    let mut chunk = vec![0; 64 * 1024];
    loop {
        let read = entry.read(&mut chunk).map_err(|e| damaged(label, e))?;
        if read == 0 {
            return Ok(());
        }
        visit(&chunk[..read])?;
    }
}

/// What a scan of an XML part found.
#[derive(Debug, Default)]
struct XmlStats {
    /// Bytes unpacked.
    bytes: u64,
    /// `<` characters: an upper bound on elements (not counted with the
    /// string items).
    elements: u64,
    /// The longest tag or text (see [`Tokens`]); in the shared strings,
    /// whose size is bounded as a whole, the longest run between two angle
    /// brackets (see [`Runs`]).
    longest_run: u64,
    /// Elements whose local name is `si` (shared-string items).
    string_items: u64,
}

/// Scans an XML part in one pass; see [`XmlStats`]. `si` items are counted
/// when `count_items` is set (for the shared strings), elements otherwise.
fn scan_xml(
    archive: &mut Archive<'_>,
    index: usize,
    label: &'static str,
    count_items: bool,
) -> ReadResult<XmlStats> {
    let mut stats = XmlStats::default();
    let mut runs = Runs::default();
    let mut tokens = Tokens::default();
    // The last bytes of the previous chunk, so `<si` split across chunks is
    // still seen.
    let mut tail = [0u8; 4];
    stream_entry(archive, index, label, |chunk| {
        stats.bytes += chunk.len() as u64;
        if count_items {
            // The shared strings' bytes are bounded as a whole (see
            // `check_shared_strings`), so brackets are enough here.
            runs.feed(chunk);
            stats.string_items += count_string_items(&tail, chunk);
            let keep = chunk.len().min(4);
            tail.copy_within(keep.., 0);
            tail[4 - keep..].copy_from_slice(&chunk[chunk.len() - keep..]);
        } else {
            tokens.feed(chunk);
            stats.elements += memchr::memchr_iter(b'<', chunk).count() as u64;
        }
        Ok(())
    })?;
    stats.longest_run = if count_items {
        runs.longest
    } else {
        tokens.longest()
    };
    Ok(stats)
}

/// The longest run of bytes between two angle brackets of a part read in
/// chunks: never less than the true longest run, and exact whenever that is
/// longer than a chunk, which is all [`MAX_TOKEN_BYTES`] needs. Only each
/// chunk's first and last brackets are looked for (a run between them is
/// counted as up to their distance), so it costs little more than unpacking
/// the part. Used for the shared strings, which are read before calamine
/// can open the workbook; other parts need [`Tokens`].
#[derive(Debug, Default)]
struct Runs {
    longest: u64,
    /// Bytes since the last bracket.
    open: u64,
}

impl Runs {
    fn feed(&mut self, chunk: &[u8]) {
        match memchr::memchr2(b'<', b'>', chunk) {
            Some(first) => {
                self.longest = self.longest.max(self.open + first as u64);
                // Runs inside the chunk are shorter than the chunk.
                let last = memchr::memrchr2(b'<', b'>', chunk).unwrap_or(first);
                self.longest = self.longest.max((last - first) as u64);
                self.open = (chunk.len() - last - 1) as u64;
            }
            None => self.open += chunk.len() as u64,
        }
        self.longest = self.longest.max(self.open);
    }
}

/// Counts element names `si` in `chunk`: `si` preceded by `<` or a prefix's
/// `:` and followed by `>`, `/` or white space. `tail` holds the previous
/// chunk's last four bytes. Each `si` is found with a vectorized search, and
/// only its neighbours are looked at: a shared-string part of 15 MB is
/// counted in a few milliseconds.
fn count_string_items(tail: &[u8; 4], chunk: &[u8]) -> u64 {
    let ends = |byte: u8| matches!(byte, b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n');
    let starts = |byte: u8| matches!(byte, b'<' | b':');
    // The chunk's first three bytes, with the tail before them.
    let mut joined = [0u8; 7];
    joined[..4].copy_from_slice(tail);
    let head = chunk.len().min(3);
    joined[4..4 + head].copy_from_slice(&chunk[..head]);
    let mut count = (4..4 + head)
        .filter(|&i| ends(joined[i]) && &joined[i - 2..i] == b"si" && starts(joined[i - 3]))
        .count() as u64;
    // The rest: an `si` whose end byte is at 3 or later, so its start
    // byte is in the chunk too.
    if chunk.len() > 3 {
        count += memchr::memmem::find_iter(&chunk[1..chunk.len() - 1], b"si")
            .map(|at| at + 1)
            .filter(|&at| starts(chunk[at - 1]) && ends(chunk[at + 2]))
            .count() as u64;
    }
    count
}

/// Refuses an XML part holding a run longer than [`MAX_TOKEN_BYTES`].
fn check_runs(stats: &XmlStats, part: &str, label: &'static str) -> ReadResult<()> {
    check_run(stats.longest_run, part, label)
}

/// Refuses a part whose longest tag or text is `longest` bytes, when that
/// is more than [`MAX_TOKEN_BYTES`].
fn check_run(longest: u64, part: &str, label: &'static str) -> ReadResult<()> {
    if longest > MAX_TOKEN_BYTES {
        return Err(damaged(
            label,
            format!("part {part} holds a tag or text of {longest} bytes"),
        ));
    }
    Ok(())
}

/// Refuses entry `index` (named `part`) when it holds a tag or text longer
/// than [`MAX_TOKEN_BYTES`] (see [`Tokens`]), as soon as one is seen.
fn check_tokens(
    archive: &mut Archive<'_>,
    index: usize,
    part: &str,
    label: &'static str,
) -> ReadResult<()> {
    let mut tokens = Tokens::default();
    stream_entry(archive, index, label, |chunk| {
        tokens.feed(chunk);
        check_run(tokens.longest(), part, label)
    })
}

/// Where [`Tokens`] is in the XML.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Markup {
    /// Text, up to the next `<`.
    #[default]
    Text,
    /// Just past a `<`.
    Open,
    /// Past `<!`.
    Bang,
    /// A start or end tag, up to a `>` outside quotes; inside the quote
    /// byte given, when it is not 0.
    Tag(u8),
    /// A comment, up to `-->`; the dashes just seen.
    Comment(u8),
    /// A CDATA section, up to `]]>`; the brackets just seen.
    CData(u8),
    /// A processing instruction, up to `?>`; whether a `?` was just seen.
    Pi(bool),
    /// A document type declaration: taken to run to the end of the part
    /// (spreadsheet parts never have one), so it is never undercounted.
    Doctype,
}

/// The longest tag, text, comment or other piece of markup in an XML part
/// read in chunks, split as quick-xml splits it into the events it holds
/// whole: text runs to the next `<` (a `>` in text does not end it), and a
/// tag to the next `>` outside quoted attribute values. Counting the bytes
/// between any two brackets instead would let a file hide a tag of hundreds
/// of megabytes behind quoted brackets (`<c a="<>" a="<>" ...`), or a text
/// behind `>` characters.
#[derive(Debug, Default)]
struct Tokens {
    longest: u64,
    /// Bytes of the piece being read, so far.
    open: u64,
    markup: Markup,
}

impl Tokens {
    fn longest(&self) -> u64 {
        self.longest.max(self.open + self.brackets())
    }

    /// Markup is held with its `<` and `>`.
    fn brackets(&self) -> u64 {
        if self.markup == Markup::Text { 0 } else { 2 }
    }

    /// Ends the current piece `len` bytes into the rest of the chunk.
    fn end(&mut self, len: usize, next: Markup) {
        self.longest = self.longest.max(self.open + len as u64 + self.brackets());
        self.open = 0;
        self.markup = next;
    }

    /// Reads the next chunk. In a worksheet a tag or text is a few bytes
    /// long, too short for a vectorized search to pay for its call, so each
    /// is found with a plain loop over its bytes.
    fn feed(&mut self, chunk: &[u8]) {
        // Where the current piece's bytes in this chunk start.
        let mut from = 0;
        let mut at = 0;
        // Generic rather than a function pointer, so each test is inlined
        // into its loop.
        fn until(chunk: &[u8], at: usize, stop: impl Fn(u8) -> bool) -> Option<usize> {
            chunk[at..].iter().position(|&b| stop(b)).map(|i| at + i)
        }
        while at < chunk.len() {
            match self.markup {
                Markup::Text => match until(chunk, at, |b| b == b'<') {
                    Some(i) => {
                        self.end(i - from, Markup::Open);
                        (from, at) = (i + 1, i + 1);
                    }
                    None => at = chunk.len(),
                },
                Markup::Tag(0) => match until(chunk, at, |b| matches!(b, b'>' | b'"' | b'\'')) {
                    Some(i) if chunk[i] == b'>' => {
                        self.end(i - from, Markup::Text);
                        (from, at) = (i + 1, i + 1);
                    }
                    Some(i) => {
                        self.markup = Markup::Tag(chunk[i]);
                        at = i + 1;
                    }
                    None => at = chunk.len(),
                },
                Markup::Tag(quote) => match until(chunk, at, |b| b == quote) {
                    Some(i) => {
                        self.markup = Markup::Tag(0);
                        at = i + 1;
                    }
                    None => at = chunk.len(),
                },
                // A tag's first byte is read again as the tag's: it may be
                // a quote.
                Markup::Open => match chunk[at] {
                    b'!' => (self.markup, at) = (Markup::Bang, at + 1),
                    b'?' => (self.markup, at) = (Markup::Pi(true), at + 1),
                    _ => self.markup = Markup::Tag(0),
                },
                Markup::Bang => match chunk[at] {
                    b'-' => (self.markup, at) = (Markup::Comment(1), at + 1),
                    b'[' => (self.markup, at) = (Markup::CData(0), at + 1),
                    b'D' | b'd' => (self.markup, at) = (Markup::Doctype, at + 1),
                    // quick-xml refuses any other `<!`; counted as a tag.
                    _ => self.markup = Markup::Tag(0),
                },
                // Rare in spreadsheet parts: a byte at a time.
                Markup::Comment(_) | Markup::CData(_) | Markup::Pi(_) => {
                    let open = self.open + (at - from) as u64;
                    match self.step_closing(chunk[at], open) {
                        Markup::Text => {
                            self.end(at - from, Markup::Text);
                            from = at + 1;
                        }
                        next => self.markup = next,
                    }
                    at += 1;
                }
                Markup::Doctype => at = chunk.len(),
            }
        }
        self.open += (chunk.len() - from) as u64;
    }

    /// One byte of a comment, CDATA section or processing instruction,
    /// `open` bytes into it: [`Markup::Text`] once it is closed.
    fn step_closing(&self, byte: u8, open: u64) -> Markup {
        match (self.markup, byte) {
            // As quick-xml: a comment closes at `-->` with at least six
            // bytes before the `>`, so `<!---->` is one, and `<!-->` and
            // `<!--->` do not close.
            (Markup::Comment(dashes), b'>') if dashes >= 2 && open >= 5 => Markup::Text,
            (Markup::Comment(dashes), b'-') => Markup::Comment(dashes.saturating_add(1)),
            (Markup::Comment(_), _) => Markup::Comment(0),
            (Markup::CData(brackets), b'>') if brackets >= 2 => Markup::Text,
            (Markup::CData(brackets), b']') => Markup::CData(brackets.saturating_add(1)),
            (Markup::CData(_), _) => Markup::CData(0),
            (Markup::Pi(true), b'>') => Markup::Text,
            (Markup::Pi(_), byte) => Markup::Pi(byte == b'?'),
            (other, _) => other,
        }
    }
}

/// Checks the XML parts of an .xlsx, .xlsm or .ods file: the parts read whole
/// at open against [`MAX_EAGER_ELEMENTS`], the shared strings against
/// [`MAX_SHARED_STRINGS_BYTES`], and every large XML part for over-long runs.
/// The .ods content part is checked separately (`crate::ods_guard`).
pub(crate) fn check_xml_parts(archive: &mut Archive<'_>, label: &'static str) -> ReadResult<()> {
    check_xml_parts_but(archive, &[], label)
}

/// The large parts of an .xlsx or .xlsm file that calamine does not read
/// when it opens the workbook (the worksheets, read only when a sheet is
/// asked for), by entry index. [`check_later_parts`] can check them while
/// [`check_xml_parts_but`] checks the rest and calamine opens the workbook;
/// both must pass before any sheet is read.
///
/// The parts read at open are the ones calamine reaches from the package
/// relationships (`_rels/.rels`): the workbook part they name, its
/// relationships, and the shared strings and styles beside it. They are
/// worked out here as calamine works them out, from every target the
/// package names (not only the office document's), so no large part
/// calamine may open is left for later. When the package relationships
/// cannot be read whole, none is.
pub(crate) fn parts_to_check_later(
    archive: &mut Archive<'_>,
    label: &'static str,
) -> ReadResult<Vec<usize>> {
    let Some(at_open) = parts_read_at_open(archive, label)? else {
        return Ok(Vec::new());
    };
    let mut later = Vec::new();
    for (index, name) in entry_names(archive).iter().enumerate() {
        let size = archive
            .by_index_data(index)
            .map_err(|e| damaged(label, e))?
            .size();
        if size > TOKEN_SCAN_FROM && !read_whole(file_name(name)) && !at_open.contains(name) {
            later.push(index);
        }
    }
    Ok(later)
}

/// A part's name without its folders.
fn file_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// Whether a part is read whole by its (normalized) file name: the shared
/// strings, and the relationship, workbook, style and theme parts.
fn read_whole(file: &str) -> bool {
    file == "sharedstrings.xml"
        || file.ends_with(".rels")
        || matches!(file, "workbook.xml" | "styles.xml" | "theme1.xml")
}

/// [`check_xml_parts`] on every part but the entries in `later`.
pub(crate) fn check_xml_parts_but(
    archive: &mut Archive<'_>,
    later: &[usize],
    label: &'static str,
) -> ReadResult<()> {
    let names = entry_names(archive);
    let mut eager_elements: u64 = 0;
    for (index, name) in names.iter().enumerate() {
        if later.contains(&index) {
            continue;
        }
        let size = archive
            .by_index_data(index)
            .map_err(|e| damaged(label, e))?
            .size();
        let file = file_name(name);
        if file == "sharedstrings.xml" {
            check_shared_strings(archive, index, name, label)?;
        } else if read_whole(file) {
            let stats = scan_xml(archive, index, label, false)?;
            check_runs(&stats, name, label)?;
            eager_elements += stats.elements;
            if eager_elements > MAX_EAGER_ELEMENTS {
                return Err(damaged(
                    label,
                    format!("more than {MAX_EAGER_ELEMENTS} elements in the parts read whole"),
                ));
            }
        } else if size > TOKEN_SCAN_FROM {
            // Whatever its name: a relationship may point a worksheet at any
            // part. A binary part this large (rare in an upload of 20 MB)
            // is refused too, as it is one endless run.
            check_tokens(archive, index, name, label)?;
        }
    }
    Ok(())
}

/// Refuses any of `parts` (entry indexes) that holds a tag or text longer
/// than [`MAX_TOKEN_BYTES`]; see [`parts_to_check_later`].
pub(crate) fn check_later_parts(
    archive: &mut Archive<'_>,
    parts: &[usize],
    label: &'static str,
) -> ReadResult<()> {
    let names = entry_names(archive);
    for &index in parts {
        let name = names.get(index).map_or("?", String::as_str);
        check_tokens(archive, index, name, label)?;
    }
    Ok(())
}

/// The normalized names of the parts calamine's .xlsx reader reads when it
/// opens a workbook, or `None` when a package relationships part is too
/// large to read whole here. See [`parts_to_check_later`].
fn parts_read_at_open(
    archive: &mut Archive<'_>,
    label: &'static str,
) -> ReadResult<Option<HashSet<String>>> {
    const PACKAGE_RELS: &str = "_rels/.rels";
    let mut parts = HashSet::new();
    parts.insert(PACKAGE_RELS.to_owned());
    // calamine's defaults, used when no target names the workbook.
    let mut documents = vec!["xl/workbook.xml".to_owned()];
    let names = entry_names(archive);
    for (index, _) in names.iter().enumerate().filter(|(_, n)| *n == PACKAGE_RELS) {
        let size = archive
            .by_index_data(index)
            .map_err(|e| damaged(label, e))?
            .size();
        if size > SMALL_PART_BYTES {
            return Ok(None);
        }
        documents.extend(relationship_targets(&read_small_at(archive, index, label)?));
    }
    for target in documents {
        // As calamine splits the office document's target: the folder
        // (without a leading slash) holds the shared strings and styles.
        let (dir, name) = match target.rfind('/') {
            Some(i) => target.split_at(i + 1),
            None => ("", target.as_str()),
        };
        let dir = dir.strip_prefix('/').unwrap_or(dir);
        let name = if name.is_empty() {
            "workbook.xml"
        } else {
            name
        };
        for part in [
            format!("{dir}{name}"),
            format!("{dir}_rels/{name}.rels"),
            format!("{dir}sharedStrings.xml"),
            format!("{dir}styles.xml"),
        ] {
            parts.insert(normalized(&part));
        }
    }
    Ok(Some(parts))
}

/// What one shared string costs once read besides its text: the `String`
/// (24 bytes) and the allocator's rounding and header.
const STRING_OVERHEAD: u64 = 48;

/// Estimates the memory calamine's shared-string table will take and refuses
/// it beyond [`MAX_SHARED_STRINGS_BYTES`]. calamine keeps one `String` per
/// `<si>` item, reserves room for as many as the `uniqueCount` attribute
/// announces, and the text cannot be longer than the XML holding it.
fn check_shared_strings(
    archive: &mut Archive<'_>,
    index: usize,
    name: &str,
    label: &'static str,
) -> ReadResult<()> {
    let stats = scan_xml(archive, index, label, true)?;
    check_runs(&stats, name, label)?;
    let announced = announced_unique_count(archive, index, label)?;
    let estimate = stats
        .string_items
        .saturating_mul(STRING_OVERHEAD)
        .saturating_add(stats.bytes)
        .saturating_add(announced.saturating_mul(24));
    if estimate > MAX_SHARED_STRINGS_BYTES {
        return Err(ReadError::TooMuchData {
            limit: usize::try_from(MAX_SHARED_STRINGS_BYTES).unwrap_or(usize::MAX),
        });
    }
    Ok(())
}

/// The `uniqueCount` of the `<sst>` element, which calamine reserves room
/// for, or 0 when it has none or it is not a number.
fn announced_unique_count(
    archive: &mut Archive<'_>,
    index: usize,
    label: &'static str,
) -> ReadResult<u64> {
    let entry = archive.by_index(index).map_err(|e| damaged(label, e))?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(entry.take(MIB)));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                for attr in e.attributes().flatten() {
                    if attr.key.local_name().as_ref() == "uniqueCount" {
                        // calamine parses the raw value as an unsigned
                        // number; a leading `+` or zeros are not worth a
                        // loophole, so read every digit.
                        let digits: String =
                            attr.value.chars().filter(char::is_ascii_digit).collect();
                        let count = digits.trim_start_matches('0');
                        return Ok(if count.len() > 19 {
                            u64::MAX
                        } else {
                            count.parse().unwrap_or(0)
                        });
                    }
                }
                return Ok(0);
            }
            Ok(Event::Eof) | Err(_) => return Ok(0),
            Ok(_) => {}
        }
    }
}

/// Walks every binary part an .xlsb reader may read (workbook, styles, shared
/// strings, and every part the workbook's relationships name) record by
/// record, refusing a record longer than [`MAX_XLSB_RECORD_BYTES`] or one
/// that runs past the end of its part. Also applies the shared-string and
/// element bounds to what is XML in an .xlsb (its relationships).
pub(crate) fn check_xlsb_parts(archive: &mut Archive<'_>, label: &'static str) -> ReadResult<()> {
    check_xml_parts(archive, label)?;
    // calamine reads sheets at `xl/` + the relationship's target.
    let mut parts = vec![
        "xl/workbook.bin".to_owned(),
        "xl/styles.bin".to_owned(),
        "xl/sharedStrings.bin".to_owned(),
    ];
    // calamine reads the relationships by their exact name and the parts
    // without regard to case; every candidate is taken, so no entry that
    // differs only in case can hide a part from the walk.
    let names = entry_names(archive);
    for (index, _) in names
        .iter()
        .enumerate()
        .filter(|(_, n)| *n == "xl/_rels/workbook.bin.rels")
    {
        let rels = read_small_at(archive, index, label)?;
        parts.extend(relationship_targets(&rels).map(|t| normalized(&format!("xl/{t}"))));
    }
    for part in parts {
        let part = normalized(&part);
        for (index, _) in names.iter().enumerate().filter(|(_, n)| **n == part) {
            check_records(archive, index, &part, label)?;
        }
    }
    Ok(())
}

/// The `Target` of every `<Relationship>` in a relationships part.
fn relationship_targets(rels: &[u8]) -> impl Iterator<Item = String> {
    let mut reader = quick_xml::Reader::from_reader(rels);
    let mut targets = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                for attr in e.attributes().flatten() {
                    // Unescaped as calamine unescapes it.
                    if attr.key.as_ref() == "Target"
                        && let Ok(value) = quick_xml::escape::unescape(&attr.value)
                    {
                        targets.push(value.into_owned());
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    targets.into_iter()
}

/// Walks the records of one .xlsb part; see [`check_xlsb_parts`].
fn check_records(
    archive: &mut Archive<'_>,
    index: usize,
    part: &str,
    label: &'static str,
) -> ReadResult<()> {
    let declared = archive
        .by_index_data(index)
        .map_err(|e| damaged(label, e))?
        .size();
    let mut walker = RecordWalker::default();
    stream_entry(archive, index, label, |chunk| {
        for &byte in chunk {
            if let Some(length) = walker.step(byte)
                && (length > MAX_XLSB_RECORD_BYTES || walker.position + length > declared)
            {
                return Err(damaged(
                    label,
                    format!("part {part} announces a record of {length} bytes"),
                ));
            }
        }
        Ok(())
    })
}

/// A byte-at-a-time reader of .xlsb record headers: a record type of one or
/// two bytes (high bit: another byte follows), a length of one to four bytes
/// (seven bits each, high bit: another byte follows), then that many bytes.
#[derive(Debug, Default)]
struct RecordWalker {
    /// Bytes consumed so far.
    position: u64,
    state: WalkState,
    length: u64,
    length_bytes: u32,
}

#[derive(Debug, Default, PartialEq)]
enum WalkState {
    #[default]
    Type,
    TypeSecond,
    Length,
    Body(u64),
}

impl RecordWalker {
    /// Consumes one byte; returns a record's length when its header ends.
    fn step(&mut self, byte: u8) -> Option<u64> {
        self.position += 1;
        match self.state {
            WalkState::Type => {
                self.state = if byte & 0x80 != 0 {
                    WalkState::TypeSecond
                } else {
                    WalkState::Length
                };
                self.length = 0;
                self.length_bytes = 0;
                None
            }
            WalkState::TypeSecond => {
                self.state = WalkState::Length;
                None
            }
            WalkState::Length => {
                self.length += u64::from(byte & 0x7F) << (7 * self.length_bytes);
                self.length_bytes += 1;
                if byte & 0x80 != 0 && self.length_bytes < 4 {
                    return None;
                }
                self.state = if self.length == 0 {
                    WalkState::Type
                } else {
                    WalkState::Body(self.length)
                };
                Some(self.length)
            }
            WalkState::Body(left) => {
                self.state = if left <= 1 {
                    WalkState::Type
                } else {
                    WalkState::Body(left - 1)
                };
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_walker_reads_one_and_two_byte_types_and_long_lengths() {
        // Type 0x13 (one byte), length 2; type 0x0267 as 0xE7 0x04, length
        // 200 as 0xC8 0x01.
        let mut bytes = vec![0x13, 0x02, 0xAA, 0xBB, 0xE7, 0x04, 0xC8, 0x01];
        bytes.extend(std::iter::repeat_n(0, 200));
        bytes.extend([0x01, 0x00]);
        let mut walker = RecordWalker::default();

        let lengths: Vec<u64> = bytes.iter().filter_map(|&b| walker.step(b)).collect();

        assert_eq!(lengths, vec![2, 200, 0]);
        assert_eq!(walker.state, WalkState::Type);
    }

    #[test]
    fn string_items_are_counted_across_chunks_and_prefixes() {
        let xml = b"<sst><si><t>a</t></si><x:si><x:t>b</x:t></x:si><si/><sis/><t>si</t></sst>";
        for size in 1..=xml.len() {
            let mut tail = [0u8; 4];
            let mut count = 0;
            for chunk in xml.chunks(size) {
                count += count_string_items(&tail, chunk);
                let keep = chunk.len().min(4);
                tail.copy_within(keep.., 0);
                tail[4 - keep..].copy_from_slice(&chunk[chunk.len() - keep..]);
            }

            // <si>, <x:si> and <si/>, plus the prefixed end tag </x:si>: an
            // overcount, on the safe side. `</si>`, `<sis/>` and text are not.
            assert_eq!(count, 4, "chunks of {size}");
        }
    }

    /// The longest run between brackets, one byte at a time.
    fn longest_run_by_bytes(xml: &[u8]) -> u64 {
        xml.split(|&b| b == b'<' || b == b'>')
            .map(|run| run.len() as u64)
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn runs_are_never_underestimated_and_exact_past_a_chunk() {
        let long = "x".repeat(100);
        let parts = [
            format!("<a>{long}</a>"),
            format!("{long}<a/>"),
            format!("<a/>{long}"),
            long.clone(),
            format!("<b>short</b><c>{long}{long}</c><d/>"),
            String::new(),
        ];
        for xml in &parts {
            let truth = longest_run_by_bytes(xml.as_bytes());
            for size in [1, 2, 3, 7, 16, 64, 99, 100, 101, 500] {
                let mut runs = Runs::default();
                for chunk in xml.as_bytes().chunks(size) {
                    runs.feed(chunk);
                }

                assert!(runs.longest >= truth, "{xml:?} in chunks of {size}");
                if truth > size as u64 {
                    assert_eq!(runs.longest, truth, "{xml:?} in chunks of {size}");
                }
            }
        }
    }

    /// The longest event quick-xml holds reading `xml` as calamine sets it
    /// up, up to its first error.
    fn longest_event(xml: &[u8]) -> u64 {
        let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::with_capacity(3, xml));
        let config = reader.config_mut();
        config.check_end_names = false;
        config.trim_text(false);
        config.check_comments = false;
        config.expand_empty_elements = true;
        let mut buf = Vec::new();
        let mut longest = 0;
        loop {
            buf.clear();
            let done = matches!(reader.read_event_into(&mut buf), Ok(Event::Eof) | Err(_));
            longest = longest.max(buf.len() as u64);
            if done {
                return longest;
            }
        }
    }

    #[test]
    fn tokens_are_split_as_quick_xml_splits_them() {
        let long = "x".repeat(40);
        let pieces = [
            format!("<a>{long}</a>"),
            // Brackets inside quoted values do not end a tag.
            format!(r#"<c a="<>{long}" b='>"<' d="x">t</c>"#),
            format!(r#"<c{}>"#, r#" a="<>""#.repeat(20)),
            // A `>` does not end text.
            format!("<t>{}</t>", "> ".repeat(30)),
            format!("<!--{long} > -- ' \" -->text<x/>"),
            "<!---->after--><y/>".to_owned(),
            "<!--->still-->x<!-->still-->".to_owned(),
            format!("<![CDATA[{long} > ] ]> ]]><z/>"),
            format!("<?pi {long} > ? ?><w/>"),
            "<?>x<v/>".to_owned(),
            format!(r#"<"quoted>{long}">x"#),
            format!("<end></end a='>'>{long}<b/>"),
            String::new(),
        ];
        for xml in &pieces {
            let truth = longest_event(xml.as_bytes());
            let mut whole = Tokens::default();
            whole.feed(xml.as_bytes());
            assert!(
                whole.longest() >= truth,
                "{xml:?}: {} < {truth}",
                whole.longest()
            );
            assert!(
                whole.longest() <= truth + 2,
                "{xml:?}: {} > {truth} + 2",
                whole.longest()
            );
            for size in [1, 2, 3, 5, 7, 16] {
                let mut tokens = Tokens::default();
                for chunk in xml.as_bytes().chunks(size) {
                    tokens.feed(chunk);
                }
                assert_eq!(
                    tokens.longest(),
                    whole.longest(),
                    "{xml:?} in chunks of {size}"
                );
            }
        }
    }

    #[test]
    fn a_doctype_counts_to_the_end_of_the_part() {
        let xml = format!("<!DOCTYPE x [<!ENTITY a 'b'>]><r>{}</r>", "y".repeat(100));
        let mut tokens = Tokens::default();

        tokens.feed(xml.as_bytes());

        assert_eq!(tokens.longest(), xml.len() as u64 + 1);
    }

    /// A zip over `entries`, as [`Archive`] reads it.
    fn archive_of(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in entries {
            writer
                .start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut writer, text.as_bytes()).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn the_parts_read_at_open_follow_the_package_relationships() {
        // The office document is named by a relationship of another type
        // too, and lives in another folder, with a leading slash.
        let rels = r#"<Relationships><Relationship Id="rId1" Type="x/officeDocument" Target="/Book/Main.xml"/><Relationship Id="rId2" Type="x/other" Target="xl/worksheets/sheet1.xml"/></Relationships>"#;
        let bytes = archive_of(&[("_rels/.rels", rels), ("Book/Main.xml", "<workbook/>")]);
        let mut archive = open(&bytes, "test").unwrap();

        let parts = parts_read_at_open(&mut archive, "test").unwrap().unwrap();

        for part in [
            "_rels/.rels",
            "xl/workbook.xml",
            "xl/sharedstrings.xml",
            "book/main.xml",
            "book/_rels/main.xml.rels",
            "book/sharedstrings.xml",
            "book/styles.xml",
            // Named by a target, so read at open as far as the guard can
            // tell: never deferred.
            "xl/worksheets/sheet1.xml",
        ] {
            assert!(parts.contains(part), "{part} in {parts:?}");
        }
        assert!(!parts.contains("xl/worksheets/sheet2.xml"));
    }

    #[test]
    fn relationship_targets_are_unescaped() {
        let rels = br#"<?xml version="1.0"?><Relationships xmlns="x"><Relationship Id="rId1" Type="t" Target="worksheets/sheet1.bin"/><Relationship Id="rId2" Target="a&amp;b.bin"/></Relationships>"#;

        let targets: Vec<String> = relationship_targets(rels).collect();

        assert_eq!(targets, vec!["worksheets/sheet1.bin", "a&b.bin"]);
    }
}
