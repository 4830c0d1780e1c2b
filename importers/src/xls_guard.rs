//! Checks an .xls file before calamine reads it, and disarms its formulas.
//!
//! An .xls file is a compound file (a small file system of 512- or
//! 4096-byte sectors chained by a table) holding a `Workbook` stream of
//! BIFF records. calamine reads every sheet whole when it opens the file,
//! into a dense rectangle per sheet, and a crafted file can make that cost
//! far more than its size:
//!
//! - two cells far apart span a rectangle of up to 65,536 × 65,536 cells;
//! - a cell referring to a 32 KB shared string gets its own copy of it;
//! - a sector chain that loops makes calamine's compound-file reader grow a
//!   buffer forever, and a table that lists one sector many times makes it
//!   hold that sector many times;
//! - a formula's tokens can make calamine's formula-text renderer insert
//!   hundreds of spaces one at a time at the front of a growing string, for
//!   minutes per cell.
//!
//! So the compound file is read here with the same rules calamine follows
//! (which sector is where, how chains and the mini stream work, which
//! stream is the workbook), but strictly: loops, repeated table sectors and
//! sectors past the end are refused. The `Workbook` stream is then walked
//! record by record as calamine's `parse_workbook` walks it, adding up each
//! sheet's rectangle, cell count and text, and the estimate is refused over
//! [`MAX_WHOLE_WORKBOOK_BYTES`].
//!
//! The importer only uses a formula's cached value, never its text, so each
//! formula's token length is set to zero in the copy of the file handed to
//! calamine: calamine then renders every formula as an empty string at no
//! cost. Nothing else is changed.

use encoding_rs::UTF_16LE;

use crate::sheet::{ReadError, ReadResult};
use crate::workbook::{Format, MAX_WHOLE_WORKBOOK_BYTES};

/// The first bytes of every compound file.
pub(crate) const CFB_SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;
const RESERVED: u32 = 0xFFFF_FFFA;

/// Streams shorter than this live in the mini stream (calamine's cutoff).
const MINI_CUTOFF: u64 = 4096;
const MINI_SECTOR: usize = 64;

/// The most CONTINUE records one record may have. A shared-string table of
/// 20 MB needs about 2,500; calamine takes them off the front of a list one
/// at a time, which is quadratic in their number.
const MAX_CONTINUES: usize = 10_000;

/// The largest rectangle a DIMENSIONS record may declare: a whole BIFF8
/// sheet. calamine reserves (without touching) room for it.
const MAX_DECLARED_CELLS: u64 = 65_536 * 256;

/// What calamine keeps per cell: a `Data` in the rectangle, a `Cell<Data>`
/// (40 bytes) while reading, a `String` (24 bytes) per formula cell in the
/// formula rectangle and a `Cell<String>` (32) while reading.
const DATA_BYTES: u64 = 32;
const CELL_BYTES: u64 = 40;
const FORMULA_BYTES: u64 = 24;
const FORMULA_CELL_BYTES: u64 = 32;

/// What a text costs besides its bytes.
const TEXT_OVERHEAD: u64 = 24;

const LABEL: &str = "Excel 97-2003 workbook (.xls)";

fn damaged(detail: impl ToString) -> ReadError {
    ReadError::Damaged {
        format: LABEL,
        detail: detail.to_string(),
    }
}

/// Tells an .xls workbook from the other kinds of compound file.
pub(crate) fn detect(bytes: &[u8]) -> ReadResult<Format> {
    let cfb = Cfb::parse(bytes)?;
    let has = |name: &str| cfb.find(name).is_some();
    if has("EncryptedPackage") {
        // An encrypted .xlsx is a compound file holding the real package.
        Err(ReadError::PasswordProtected)
    } else if has("Workbook") || has("Book") {
        Ok(Format::Xls)
    } else if has("WordDocument") {
        Err(ReadError::UnsupportedFormat {
            found: "a Word 97-2003 document (.doc)".to_owned(),
        })
    } else if has("PowerPoint Document") {
        Err(ReadError::UnsupportedFormat {
            found: "a PowerPoint 97-2003 presentation (.ppt)".to_owned(),
        })
    } else {
        Err(ReadError::UnsupportedFormat {
            found: "a Microsoft Office file of another kind".to_owned(),
        })
    }
}

/// Checks the file as described in the module docs and returns the copy to
/// hand to calamine, with every formula's token length set to zero.
pub(crate) fn check(bytes: &[u8]) -> ReadResult<Vec<u8>> {
    let cfb = Cfb::parse(bytes)?;
    let stream = cfb
        .stream("Workbook")
        .or_else(|_| cfb.stream("Book"))
        .map_err(|_| damaged("no readable Workbook stream"))?;
    let scan = scan_workbook(&stream.data)?;
    if scan.estimate() > MAX_WHOLE_WORKBOOK_BYTES as u64 {
        return Err(ReadError::TooMuchData {
            limit: MAX_WHOLE_WORKBOOK_BYTES,
        });
    }
    let mut copy = bytes.to_vec();
    for at in scan.formula_lengths {
        for offset in [at, at + 1] {
            let file_offset = stream
                .file_offset(offset)
                .ok_or_else(|| damaged("offset"))?;
            if let Some(byte) = copy.get_mut(file_offset) {
                *byte = 0;
            }
        }
    }
    Ok(copy)
}

// ---------------------------------------------------------------------------
// Compound file
// ---------------------------------------------------------------------------

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

fn u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// A directory entry: a stream's name, first sector and length.
#[derive(Debug)]
struct Directory {
    name: String,
    start: u32,
    len: u64,
}

/// A compound file as calamine's `cfb.rs` reads it.
#[derive(Debug)]
struct Cfb<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    /// calamine's bound on sector ids: the file length over the sector size.
    max_id: u32,
    fat: Vec<u32>,
    directories: Vec<Directory>,
    /// The mini stream, as file offsets of each of its 64-byte sectors.
    mini_sectors: Vec<usize>,
    mini_fat: Vec<u32>,
}

/// The file offset and length of each sector of a chain.
type Pieces = Vec<(usize, usize)>;

/// A stream's bytes and where each of its sectors lies in the file.
#[derive(Debug)]
struct Stream {
    data: Vec<u8>,
    sector_size: usize,
    sector_offsets: Vec<usize>,
}

impl Stream {
    /// The file offset of the stream's byte `at`.
    fn file_offset(&self, at: usize) -> Option<usize> {
        let sector = self.sector_offsets.get(at / self.sector_size)?;
        Some(sector + at % self.sector_size)
    }
}

impl<'a> Cfb<'a> {
    fn parse(bytes: &'a [u8]) -> ReadResult<Cfb<'a>> {
        let header = bytes
            .get(..512)
            .filter(|h| h.starts_with(CFB_SIGNATURE))
            .ok_or_else(|| damaged("no compound-file header"))?;
        let field = |at: usize| u32_at(header, at).unwrap_or(0);
        let version = u16_at(header, 26).unwrap_or(0);
        let sector_size = match u16_at(header, 30) {
            Some(9) => 512,
            Some(12) => 4096,
            _ => return Err(damaged("sector shift")),
        };
        if u16_at(header, 32) != Some(6) || bytes.len() < sector_size {
            return Err(damaged("mini sector shift or short header"));
        }
        let max_id = u32::try_from(bytes.len() / sector_size).unwrap_or(u32::MAX);
        let mut cfb = Cfb {
            bytes,
            sector_size,
            max_id,
            fat: Vec::new(),
            directories: Vec::new(),
            mini_sectors: Vec::new(),
            mini_fat: Vec::new(),
        };

        // The sector allocation table's own sectors: 109 in the header, the
        // rest in a chain of DIFAT sectors whose last entry links the next.
        let mut difat: Vec<u32> = u32s(&header[76..512]).collect();
        let mut id = field(68);
        let mut difat_sectors = 0u64;
        while id < RESERVED {
            difat_sectors += 1;
            if difat_sectors > u64::from(max_id) + 1 {
                return Err(damaged("the DIFAT chain loops"));
            }
            difat.extend(u32s(cfb.sector(id)?));
            id = difat.pop().ok_or_else(|| damaged("empty DIFAT sector"))?;
        }
        let fat_sectors: Vec<u32> = difat.into_iter().filter(|&id| id < DIFSECT).collect();
        // calamine copies each listed sector, however often it is listed;
        // a real table lists each of its sectors once.
        if fat_sectors.len() as u64 > u64::from(max_id) + 1 {
            return Err(damaged("the FAT lists more sectors than the file has"));
        }
        let mut fat = Vec::new();
        for id in fat_sectors {
            fat.extend(u32s(cfb.sector(id)?));
        }
        cfb.fat = fat;

        let (directory_bytes, _) = cfb.chain(field(48), u64::MAX)?;
        cfb.directories = directory_bytes
            .chunks_exact(128)
            .map(|entry| Directory::parse(entry, sector_size))
            .collect();
        let root = cfb
            .directories
            .first()
            .ok_or_else(|| damaged("no root directory"))?;
        if version != 3 && root.start == ENDOFCHAIN {
            return Err(damaged("empty root directory"));
        }

        if field(64) > 0 {
            let (root_start, root_len) = (root.start, root.len);
            let (_, mini_stream_sectors) = cfb.chain(root_start, root_len)?;
            let mini_fat_len = u64::from(field(64)) * sector_size as u64;
            let (mini_fat, _) = cfb.chain(field(60), mini_fat_len)?;
            cfb.mini_fat = u32s(&mini_fat).collect();
            // Each regular sector of the mini stream holds whole mini
            // sectors.
            cfb.mini_sectors = mini_stream_sectors
                .iter()
                .flat_map(|&(offset, len)| {
                    (0..len / MINI_SECTOR).map(move |i| offset + i * MINI_SECTOR)
                })
                .collect();
        }
        Ok(cfb)
    }

    /// Sector `id`'s bytes; the last sector may be cut short by the end of
    /// the file, as calamine allows.
    fn sector(&self, id: u32) -> ReadResult<&'a [u8]> {
        if id > self.max_id {
            return Err(damaged("a sector past the end of the file"));
        }
        let start = (id as usize + 1) * self.sector_size;
        if start > self.bytes.len() {
            return Err(damaged("a sector past the end of the file"));
        }
        let end = (start + self.sector_size).min(self.bytes.len());
        Ok(&self.bytes[start..end])
    }

    /// The bytes of the chain from `start`, at most `len`, and the file
    /// offset and length of each piece. A chain longer than the table is a
    /// loop.
    fn chain(&self, start: u32, len: u64) -> ReadResult<(Vec<u8>, Pieces)> {
        let mut data = Vec::new();
        let mut pieces = Vec::new();
        let mut id = start;
        while id != ENDOFCHAIN {
            if pieces.len() > self.fat.len() {
                return Err(damaged("a sector chain loops"));
            }
            let sector = self.sector(id)?;
            let left = usize::try_from(len - data.len() as u64).unwrap_or(usize::MAX);
            let take = sector.len().min(left);
            pieces.push(((id as usize + 1) * self.sector_size, take));
            data.extend_from_slice(&sector[..take]);
            if data.len() as u64 >= len {
                break;
            }
            id = *self
                .fat
                .get(id as usize)
                .ok_or_else(|| damaged("a sector outside the table"))?;
        }
        Ok((data, pieces))
    }

    /// The first directory entry called `name`, ignoring ASCII case.
    fn find(&self, name: &str) -> Option<&Directory> {
        self.directories
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(name))
    }

    fn stream(&self, name: &str) -> ReadResult<Stream> {
        let directory = self.find(name).ok_or_else(|| damaged("no such stream"))?;
        if directory.len >= MINI_CUTOFF {
            let (data, pieces) = self.chain(directory.start, directory.len)?;
            return Ok(Stream {
                data,
                sector_size: self.sector_size,
                sector_offsets: pieces.into_iter().map(|(offset, _)| offset).collect(),
            });
        }
        let mut data = Vec::new();
        let mut offsets = Vec::new();
        let mut id = directory.start;
        while id != ENDOFCHAIN && (data.len() as u64) < directory.len {
            if offsets.len() > self.mini_fat.len() {
                return Err(damaged("a mini sector chain loops"));
            }
            let offset = *self
                .mini_sectors
                .get(id as usize)
                .ok_or_else(|| damaged("a mini sector outside the mini stream"))?;
            let left = usize::try_from(directory.len).unwrap_or(usize::MAX) - data.len();
            let sector = &self.bytes[offset..(offset + MINI_SECTOR).min(self.bytes.len())];
            data.extend_from_slice(&sector[..sector.len().min(left)]);
            offsets.push(offset);
            id = *self
                .mini_fat
                .get(id as usize)
                .ok_or_else(|| damaged("a mini sector outside the table"))?;
        }
        Ok(Stream {
            data,
            sector_size: MINI_SECTOR,
            sector_offsets: offsets,
        })
    }
}

impl Directory {
    fn parse(entry: &[u8], sector_size: usize) -> Directory {
        let (name, _) = UTF_16LE.decode_without_bom_handling(&entry[..64]);
        let name = name.split('\0').next().unwrap_or_default().to_owned();
        let start = u32_at(entry, 116).unwrap_or(ENDOFCHAIN);
        let len = if sector_size == 512 {
            u64::from(u32_at(entry, 120).unwrap_or(0))
        } else {
            u64_at(entry, 120).unwrap_or(0)
        };
        Directory { name, start, len }
    }
}

// ---------------------------------------------------------------------------
// BIFF records
// ---------------------------------------------------------------------------

/// A record as calamine's `RecordIter` yields it: its type, where its data
/// starts in the stream, its data, and the data of the CONTINUE records
/// after it.
struct Record<'s> {
    typ: u16,
    start: usize,
    data: &'s [u8],
    continues: Vec<&'s [u8]>,
}

/// The next record at `*pos`, or `None` at the end or where calamine would
/// stop with an error.
fn next_record<'s>(stream: &'s [u8], pos: &mut usize) -> ReadResult<Option<Record<'s>>> {
    let rest = &stream[*pos..];
    let (Some(typ), Some(len)) = (u16_at(rest, 0), u16_at(rest, 2)) else {
        return Ok(None);
    };
    let len = usize::from(len);
    let Some(data) = rest.get(4..4 + len) else {
        return Ok(None);
    };
    let start = *pos + 4;
    *pos += 4 + len;
    let mut continues = Vec::new();
    // calamine only looks for CONTINUE records with more than 4 bytes left.
    while stream.len() - *pos > 4 && u16_at(stream, *pos) == Some(0x003C) {
        let len = usize::from(u16_at(stream, *pos + 2).unwrap_or(0));
        let Some(data) = stream.get(*pos + 4..*pos + 4 + len) else {
            break;
        };
        if continues.len() == MAX_CONTINUES {
            return Err(damaged("a record with too many CONTINUE records"));
        }
        continues.push(data);
        *pos += 4 + len;
    }
    Ok(Some(Record {
        typ,
        start,
        data,
        continues,
    }))
}

/// A cursor over a record's data and its CONTINUE records, as calamine's
/// `Record` reads a shared-string table.
struct Cursor<'r, 's> {
    data: &'s [u8],
    continues: std::slice::Iter<'r, &'s [u8]>,
}

impl<'s> Cursor<'_, 's> {
    fn next_continue(&mut self) -> bool {
        match self.continues.next() {
            Some(data) => {
                self.data = data;
                true
            }
            None => false,
        }
    }

    fn take(&mut self, len: usize) -> Option<&'s [u8]> {
        let (head, rest) = (self.data.get(..len)?, self.data.get(len..)?);
        self.data = rest;
        Some(head)
    }

    fn skip(&mut self, mut len: u64) -> Option<()> {
        while len > 0 {
            if self.data.is_empty() && !self.next_continue() {
                return None;
            }
            let step = usize::try_from(len)
                .unwrap_or(usize::MAX)
                .min(self.data.len());
            self.data = &self.data[step..];
            len -= step as u64;
        }
        Some(())
    }
}

/// The UTF-8 length bound of each string of a shared-string table, read as
/// calamine's `parse_sst` reads it; `None` where calamine would fail.
fn shared_string_lengths(record: &Record<'_>) -> Option<Vec<u64>> {
    let mut cursor = Cursor {
        data: record.data.get(8..)?,
        continues: record.continues.iter(),
    };
    let mut lengths = Vec::new();
    while !cursor.data.is_empty() || cursor.next_continue() {
        if cursor.data.is_empty() {
            lengths.push(0);
            continue;
        }
        let head = cursor.take(3)?;
        let chars = usize::from(u16::from_le_bytes([head[0], head[1]]));
        let flags = head[2];
        let runs = if flags & 0x8 != 0 {
            u64::from(u16::from_le_bytes(cursor.take(2)?.try_into().ok()?))
        } else {
            0
        };
        let extension = if flags & 0x4 != 0 {
            // calamine reads an i32 and casts it; a negative length fails.
            let value = i32::from_le_bytes(cursor.take(4)?.try_into().ok()?);
            u64::try_from(value).ok()?
        } else {
            0
        };
        let mut wide = flags & 0x1 != 0;
        let mut left = chars;
        while left > 0 {
            let width = if wide { 2 } else { 1 };
            let here = (cursor.data.len() / width).min(left);
            cursor.data = &cursor.data[here * width..];
            left -= here;
            if left > 0 {
                if !cursor.next_continue() {
                    return None;
                }
                wide = cursor.take(1)?[0] & 0x1 != 0;
            }
        }
        cursor.skip(runs * 4)?;
        cursor.skip(extension)?;
        // One UTF-16 unit or code-page byte is at most 3 bytes of UTF-8.
        lengths.push(chars as u64 * 3);
    }
    Some(lengths)
}

/// A sheet's running totals.
#[derive(Debug, Default)]
struct SheetScan {
    cells: Bounds,
    formulas: Bounds,
}

/// The cells of one kind in a sheet: how many, the rectangle around them,
/// and their text.
#[derive(Debug, Default)]
struct Bounds {
    count: u64,
    rows: Option<(u32, u32)>,
    columns: Option<(u32, u32)>,
    text: u64,
}

impl Bounds {
    fn add(&mut self, row: u32, column: u32, text: u64) {
        self.count += 1;
        let widen = |span: Option<(u32, u32)>, at: u32| {
            Some(span.map_or((at, at), |(lo, hi)| (lo.min(at), hi.max(at))))
        };
        self.rows = widen(self.rows, row);
        self.columns = widen(self.columns, column);
        if text > 0 {
            self.text = self.text.saturating_add(text + TEXT_OVERHEAD);
        }
    }

    /// The cells of the rectangle calamine builds around them.
    fn area(&self) -> u64 {
        match (self.rows, self.columns) {
            (Some((r0, r1)), Some((c0, c1))) => {
                u64::from(r1 - r0 + 1).saturating_mul(u64::from(c1 - c0 + 1))
            }
            _ => 0,
        }
    }
}

impl SheetScan {
    fn held(&self) -> u64 {
        let data = self
            .cells
            .area()
            .saturating_mul(DATA_BYTES)
            .saturating_add(self.cells.text);
        let formulas = self
            .formulas
            .area()
            .saturating_mul(FORMULA_BYTES)
            .saturating_add(self.formulas.text);
        data.saturating_add(formulas)
    }

    fn transient(&self) -> u64 {
        (self.cells.count * CELL_BYTES)
            .saturating_add(self.cells.text)
            .saturating_add(self.formulas.count * FORMULA_CELL_BYTES)
            .saturating_add(self.formulas.text)
    }

    fn copy(&self) -> u64 {
        self.cells
            .area()
            .saturating_mul(DATA_BYTES)
            .saturating_add(self.cells.text)
    }
}

/// What the walk over the `Workbook` stream found.
#[derive(Debug, Default)]
struct WorkbookScan {
    shared_strings: u64,
    sheets: Vec<SheetScan>,
    /// Stream offsets of each formula's token length.
    formula_lengths: Vec<usize>,
}

impl WorkbookScan {
    /// calamine's peak: the shared strings and every sheet held, plus the
    /// larger of one sheet's flat cell list while reading and one sheet's
    /// copy handed out.
    fn estimate(&self) -> u64 {
        let held: u64 = self.sheets.iter().map(SheetScan::held).sum();
        let extra = self
            .sheets
            .iter()
            .map(|s| s.transient().max(s.copy()))
            .max()
            .unwrap_or(0);
        self.shared_strings
            .saturating_add(held)
            .saturating_add(extra)
    }
}

/// Walks the `Workbook` stream as calamine's `parse_workbook` does.
fn scan_workbook(stream: &[u8]) -> ReadResult<WorkbookScan> {
    let mut scan = WorkbookScan::default();
    let mut sheet_starts = Vec::new();
    let mut strings: Vec<u64> = Vec::new();
    let mut pos = 0;
    while let Some(record) = next_record(stream, &mut pos)? {
        match record.typ {
            // BoundSheet8: where a sheet's records start.
            0x0085 => {
                if let Some(start) = u32_at(record.data, 0) {
                    sheet_starts.push(start as usize);
                }
            }
            // SST: the shared strings.
            0x00FC => {
                let lengths = shared_string_lengths(&record)
                    .ok_or_else(|| damaged("an unreadable shared-string table"))?;
                scan.shared_strings = scan
                    .shared_strings
                    .saturating_add(lengths.iter().map(|len| TEXT_OVERHEAD + len).sum::<u64>());
                strings = lengths;
            }
            0x000A => break,
            _ => {}
        }
    }
    for start in sheet_starts {
        if start > stream.len() {
            return Err(damaged("a sheet starts past the end of the stream"));
        }
        let sheet = scan_sheet(stream, start, &strings, &mut scan.formula_lengths)?;
        scan.sheets.push(sheet);
    }
    Ok(scan)
}

/// Walks one sheet's records as calamine does, from its BOF to its EOF,
/// skipping nested substreams (embedded charts).
fn scan_sheet(
    stream: &[u8],
    start: usize,
    strings: &[u64],
    formula_lengths: &mut Vec<usize>,
) -> ReadResult<SheetScan> {
    let mut sheet = SheetScan::default();
    let mut pos = start;
    let mut seen_bof = false;
    let mut depth = 0usize;
    let mut formula_at = (0u32, 0u32);
    while let Some(record) = next_record(stream, &mut pos)? {
        let data = record.data;
        if depth > 0 {
            match record.typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let at = |offset: usize| u32::from(u16_at(data, offset).unwrap_or(0));
        // Text of a label: at most 3 bytes of UTF-8 per byte of the record.
        let label_text = (data.len() as u64).saturating_sub(6) * 3;
        match record.typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x0200 => check_dimensions(data)?,
            0x0203 | 0x0205 | 0x027E if data.len() >= 6 => sheet.cells.add(at(0), at(2), 0),
            0x0204 | 0x00D6 if data.len() >= 6 => sheet.cells.add(at(0), at(2), label_text),
            0x0207 => sheet
                .cells
                .add(formula_at.0, formula_at.1, data.len() as u64 * 3),
            0x00FD if data.len() >= 10 => {
                let index = u32_at(data, 6).unwrap_or(u32::MAX) as usize;
                if let Some(&len) = strings.get(index) {
                    sheet.cells.add(at(0), at(2), len);
                }
            }
            0x00BD if data.len() >= 6 => {
                let first = u16_at(data, 2).unwrap_or(0);
                let last = u16_at(data, data.len() - 2).unwrap_or(0);
                let count = usize::from(last.wrapping_sub(first).wrapping_add(1));
                if data.len() == 6 + 6 * count {
                    for i in 0..(data.len() - 6) / 6 {
                        sheet.cells.add(at(0), u32::from(first) + i as u32, 0);
                    }
                }
            }
            0x0006 if data.len() >= 20 => {
                formula_at = (at(0), at(2));
                sheet.cells.add(formula_at.0, formula_at.1, 0);
                // calamine reserves the rest of the record for the text.
                sheet
                    .formulas
                    .add(formula_at.0, formula_at.1, data.len() as u64 - 20);
                if data.len() >= 22 {
                    formula_lengths.push(record.start + 20);
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    Ok(sheet)
}

/// Refuses a DIMENSIONS record declaring more than a whole BIFF8 sheet,
/// computed as calamine computes it (it reserves room for that many cells).
fn check_dimensions(data: &[u8]) -> ReadResult<()> {
    let fields = match data.len() {
        10 => (
            u16_at(data, 0).map(u32::from),
            u16_at(data, 2).map(u32::from),
            u16_at(data, 4).map(u32::from),
            u16_at(data, 6).map(u32::from),
        ),
        14 | 16 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u16_at(data, 8).map(u32::from),
            u16_at(data, 10).map(u32::from),
        ),
        // calamine stops with an error.
        _ => return Ok(()),
    };
    let (Some(first_row), Some(last_row), Some(mut first_column), Some(last_column)) = fields
    else {
        return Ok(());
    };
    if first_column > 0xFF || last_column < first_column {
        first_column = 0;
    }
    let (rows, columns) = if last_row >= 1 && last_column >= 1 {
        (
            (last_row - 1).wrapping_sub(first_row).wrapping_add(1),
            (last_column - 1).wrapping_sub(first_column).wrapping_add(1),
        )
    } else {
        (1, 1)
    };
    if u64::from(rows) * u64::from(columns) > MAX_DECLARED_CELLS {
        return Err(damaged(format!(
            "DIMENSIONS declares {rows} rows × {columns} columns"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut bytes = typ.to_le_bytes().to_vec();
        bytes.extend(u16::try_from(data.len()).unwrap().to_le_bytes());
        bytes.extend(data);
        bytes
    }

    fn cell(typ: u16, row: u16, column: u16, rest: &[u8]) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(column.to_le_bytes());
        data.extend(rest);
        record(typ, &data)
    }

    /// A workbook stream: globals with one sheet, then the sheet.
    fn workbook(sheet_records: &[Vec<u8>]) -> Vec<u8> {
        let bof = record(0x0809, &[0, 6, 0x10, 0]);
        let eof = record(0x000A, &[]);
        let globals_len = bof.len() + (4 + 8) + eof.len();
        let mut boundsheet = u32::try_from(globals_len).unwrap().to_le_bytes().to_vec();
        boundsheet.extend([0, 0, 1, 0, b'S']);
        let mut stream = bof.clone();
        stream.extend(record(0x0085, &boundsheet[..8]));
        stream.extend(&eof);
        assert_eq!(stream.len(), globals_len);
        stream.extend(&bof);
        for r in sheet_records {
            stream.extend(r);
        }
        stream.extend(eof);
        stream
    }

    #[test]
    fn two_numbers_far_apart_span_a_rectangle() {
        let stream = workbook(&[
            cell(0x0203, 0, 0, &[0; 10]),
            cell(0x0203, 65_535, 255, &[0; 10]),
        ]);

        let scan = scan_workbook(&stream).unwrap();

        assert_eq!(scan.sheets.len(), 1);
        assert_eq!(scan.sheets[0].cells.area(), 65_536 * 256);
        assert!(scan.estimate() > MAX_WHOLE_WORKBOOK_BYTES as u64);
    }

    #[test]
    fn formulas_are_found_for_disarming() {
        // ixfe, value, flags, chn (16 bytes), then cce = 3 and the tokens.
        let mut formula = vec![0u8; 16];
        formula.extend([3, 0, 0x1E, 1, 0]);
        let stream = workbook(&[cell(0x0006, 2, 1, &formula)]);

        let scan = scan_workbook(&stream).unwrap();

        assert_eq!(scan.formula_lengths.len(), 1);
        let at = scan.formula_lengths[0];
        assert_eq!(&stream[at..at + 2], &[3, 0]);
    }

    #[test]
    fn shared_strings_are_measured_across_continue_records() {
        // Two strings: "ab" (compressed), then "xyz" split by a CONTINUE
        // whose first byte switches to 16-bit characters.
        let mut sst = vec![2, 0, 0, 0, 2, 0, 0, 0];
        sst.extend([2, 0, 0, b'a', b'b']);
        sst.extend([3, 0, 0, b'x']);
        let mut stream = record(0x00FC, &sst);
        stream.extend(record(0x003C, &[1, b'y', 0, b'z', 0]));
        stream.extend(record(0x000A, &[]));
        let mut pos = 0;

        let sst_record = next_record(&stream, &mut pos).unwrap().unwrap();

        assert_eq!(shared_string_lengths(&sst_record), Some(vec![6, 9]));
    }

    #[test]
    fn oversized_dimensions_are_refused() {
        let mut ok = 0u32.to_le_bytes().to_vec();
        ok.extend(65_536u32.to_le_bytes());
        ok.extend([0, 0, 0, 1, 0, 0]);
        let mut huge = 0u32.to_le_bytes().to_vec();
        huge.extend(u32::MAX.to_le_bytes());
        huge.extend([0, 0, 0, 1, 0, 0]);

        assert!(check_dimensions(&ok).is_ok());
        assert!(check_dimensions(&huge).is_err());
    }
}
