//! Validation of a sheet as its rows are read: the header is found in the
//! first rows, then rows go in batches to two worker threads while the
//! reader goes on reading. Only what the caller gets back is kept (records,
//! problems, part numbers), within [`MAX_RETAINED_BYTES`]; the sheet itself
//! never is, so a 20 MB workbook fits in memory whatever its shape.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::mem::size_of;
use std::sync::Mutex;
use std::sync::mpsc;

use super::{
    Chunk, HEADER_ROWS, Options, Problem, RowReader, SAMPLE_ROWS, Severity, Validated,
    check_mapping, read_rows, report_unmapped, row_texts, sort_problems,
};
use crate::columns::{Field, find_header_with, map_header};
use crate::sheet::{ReadError, ReadResult, Row};

/// The most memory the records, problems and part numbers of one sheet may
/// take, estimated as they are made: 192 MiB. A catalog row of 15 typical
/// columns takes about 600 bytes, so this is room for about 300,000 rows;
/// a file that needs more is refused with [`ReadError::TooMuchData`]
/// rather than exhausting the server.
pub const MAX_RETAINED_BYTES: usize = 192 * 1024 * 1024;

/// Rows handed to a worker at a time. A sheet shorter than this is read on
/// the caller's thread alone.
const BATCH_ROWS: usize = 2_048;

/// Validation threads besides the reading one.
const WORKERS: usize = 2;

/// Batches read ahead of the workers, at most.
const QUEUED_BATCHES: usize = 4;

/// Validates a sheet's rows as they are read. See the module documentation
/// of [`crate::records`] for what is checked; the result is the same as
/// validating the sheet read whole, except that [`Validated::sample_rows`]
/// keeps only the first rows, and the rows after a header that cannot be
/// found (or a blocking mapping problem) are never read.
///
/// # Errors
///
/// The first error of `rows`, and [`ReadError::TooMuchData`] when the
/// records would take more than [`MAX_RETAINED_BYTES`].
pub fn validate_rows(
    sheet: &str,
    rows: impl Iterator<Item = ReadResult<Row>>,
    options: &Options<'_>,
) -> ReadResult<Validated> {
    validate_in_batches(sheet, rows, options, BATCH_ROWS)
}

/// [`validate_rows`] with batches of `batch_rows` rows.
fn validate_in_batches(
    sheet: &str,
    rows: impl Iterator<Item = ReadResult<Row>>,
    options: &Options<'_>,
    batch_rows: usize,
) -> ReadResult<Validated> {
    let mut rows = rows;
    let mut out = Validated::empty(sheet);
    let Some((header, mut mapping, after)) = find_header(&mut rows, options)? else {
        let message = match options.header_row {
            Some(number) => format!("row {number} is blank or past the end of the sheet"),
            None => format!(
                "no header row found in the first {HEADER_ROWS} rows: expected a row naming a \
                 part number column (such as \"Part No.\") and at least one other column \
                 (such as \"Price\" or \"Stock\")"
            ),
        };
        out.blocking.push(Problem {
            sheet: sheet.to_owned(),
            row: options.header_row.unwrap_or(1),
            column: None,
            header: None,
            value: None,
            message,
            severity: Severity::Error,
        });
        return Ok(out);
    };
    for &(index, field) in options.columns {
        mapping.set(index, field);
    }
    out.header_row = header.number;
    out.mapping = mapping;
    check_mapping(&mut out, options.scope);
    if !out.blocking.is_empty() {
        return Ok(out);
    }

    let mapping = out.mapping.clone();
    let reader = RowReader::new(&mapping, options, sheet);
    // The header's mapped cells, folded, to recognize a repeated header.
    let header_keys: Vec<(usize, String)> = mapping
        .columns()
        .iter()
        .filter(|c| c.field.is_some() && !c.header.is_empty())
        .map(|c| (c.index, c.header.to_lowercase()))
        .collect();
    let read =
        |rows: &[Row], previous: u32| read_rows(rows, previous, &reader, &header_keys, &mapping);

    let mut merge = Merge::new(out);
    let mut rows = after.into_iter().map(Ok).chain(rows);
    let mut batch: Vec<Row> = Vec::new();
    // The row just above the batch being filled, to count blank rows.
    let mut previous = header.number;
    // The channels live outside the scope, which its threads borrow from;
    // the batch sender is moved in, so that leaving the scope early (on a
    // read error) disconnects it and the workers stop.
    let (jobs, queue) = mpsc::sync_channel::<(usize, u32, Vec<Row>)>(QUEUED_BATCHES);
    let queue = Mutex::new(queue);
    let (done, results) = mpsc::channel::<(usize, Chunk)>();
    std::thread::scope(|scope| -> ReadResult<()> {
        let (jobs, done) = (jobs, done);
        let mut sent = 0usize;
        let mut started = false;
        loop {
            let row = rows.next().transpose()?;
            let at_end = row.is_none();
            if let Some(row) = row {
                if merge.out.sample_rows.len() < SAMPLE_ROWS {
                    merge.out.sample_rows.push(row.clone());
                }
                batch.push(row);
                if batch.len() < batch_rows {
                    continue;
                }
            }
            let full = std::mem::take(&mut batch);
            let first = previous;
            previous = full.last().map_or(previous, |r| r.number);
            if at_end && !started {
                // A short sheet, or the end of one exactly a batch long:
                // no threads.
                merge.add(read(&full, first))?;
                break;
            }
            if !started {
                started = true;
                for _ in 0..WORKERS {
                    let (queue, done, read) = (&queue, done.clone(), &read);
                    scope.spawn(move || {
                        loop {
                            // The lock is held only to take the next batch.
                            let job = queue.lock().map(|q| q.recv());
                            let Ok(Ok((seq, previous, rows))) = job else {
                                break;
                            };
                            if done.send((seq, read(&rows, previous))).is_err() {
                                break;
                            }
                        }
                    });
                }
            }
            if !full.is_empty() {
                jobs.send((sent, first, full))
                    .map_err(|_| worker_stopped())?;
                sent += 1;
            }
            while let Ok((seq, chunk)) = results.try_recv() {
                merge.arrived(seq, chunk)?;
            }
            if at_end {
                break;
            }
        }
        drop(jobs);
        drop(done);
        while merge.next_seq < sent {
            let (seq, chunk) = results.recv().map_err(|_| worker_stopped())?;
            merge.arrived(seq, chunk)?;
        }
        Ok(())
    })?;
    let mut out = merge.finish();
    out.rows_below_header = previous - out.header_row;
    Ok(out)
}

/// A worker stopped without its result; its panic is raised when the
/// scope ends, so this message is not what the caller sees.
fn worker_stopped() -> ReadError {
    ReadError::Damaged {
        format: "spreadsheet",
        detail: "a validation thread stopped".to_owned(),
    }
}

/// Reads up to the header: the header row, its mapping with the profile
/// applied, and the rows read past it. `None` when there is none.
fn find_header(
    rows: &mut impl Iterator<Item = ReadResult<Row>>,
    options: &Options<'_>,
) -> ReadResult<Option<(Row, crate::Mapping, Vec<Row>)>> {
    if let Some(number) = options.header_row {
        for row in rows.by_ref() {
            let row = row?;
            if row.number == number {
                let mut mapping = map_header(&row_texts(&row));
                mapping.apply_profile(options.profile);
                return Ok(Some((row, mapping, Vec::new())));
            }
            if row.number > number {
                break;
            }
        }
        return Ok(None);
    }
    let mut head: Vec<Row> = Vec::with_capacity(HEADER_ROWS);
    for row in rows.by_ref().take(HEADER_ROWS) {
        head.push(row?);
    }
    let texts: Vec<Vec<String>> = head.iter().map(row_texts).collect();
    let Some((index, mapping)) = find_header_with(&texts, options.profile) else {
        return Ok(None);
    };
    let after = head.split_off(index + 1);
    let header = head.pop().expect("the header is one of the rows read");
    Ok(Some((header, mapping, after)))
}

/// The results of batches, merged in row order as they arrive.
struct Merge {
    out: Validated,
    /// Results that arrived before an earlier batch's.
    waiting: BTreeMap<usize, Chunk>,
    next_seq: usize,
    /// The part number as shown on invalid rows, for duplicate problems.
    shown_invalid: HashMap<u32, String>,
    unlabelled: HashMap<usize, u32>,
    /// Estimated bytes kept so far.
    retained: usize,
}

impl Merge {
    fn new(out: Validated) -> Merge {
        let retained = out.problems.iter().map(problem_bytes).sum();
        Merge {
            out,
            waiting: BTreeMap::new(),
            next_seq: 0,
            shown_invalid: HashMap::new(),
            unlabelled: HashMap::new(),
            retained,
        }
    }

    /// Takes a batch's result, merging it and any that waited for it.
    fn arrived(&mut self, seq: usize, chunk: Chunk) -> ReadResult<()> {
        self.waiting.insert(seq, chunk);
        while let Some(chunk) = self.waiting.remove(&self.next_seq) {
            self.next_seq += 1;
            self.add(chunk)?;
        }
        Ok(())
    }

    fn add(&mut self, chunk: Chunk) -> ReadResult<()> {
        let out = &mut self.out;
        out.skipped.blank += chunk.skipped.blank;
        out.skipped.repeated_header += chunk.skipped.repeated_header;
        out.skipped.section_title += chunk.skipped.section_title;
        out.skipped.total += chunk.skipped.total;
        out.invalid_rows += chunk.invalid_rows;
        out.unreadable_part_numbers += chunk.unreadable;
        for problem in chunk.problems {
            let bytes = problem_bytes(&problem);
            if out.omitted.keep_or_count(&mut out.problems, problem) {
                self.retained += bytes;
            }
        }
        let mut records = chunk.records;
        self.retained += records.estimated_bytes();
        out.records.append(&mut records);
        let seen = &mut out.part_numbers_seen;
        self.retained += chunk.part_numbers.len() * size_of::<(u64, u32)>();
        for (hash, row, invalid) in chunk.part_numbers {
            seen.hashes.push((hash, row));
            if let Some((norm, shown)) = invalid {
                self.retained += string_bytes(&norm) + 48;
                if let Some(shown) = shown {
                    self.retained += string_bytes(&shown) + 32;
                    self.shown_invalid.insert(row, shown);
                }
                seen.invalid.insert(row, norm);
            }
        }
        for (column, n) in chunk.unlabelled_data {
            *self.unlabelled.entry(column).or_default() += n;
        }
        if self.retained > MAX_RETAINED_BYTES {
            return Err(ReadError::TooMuchData {
                limit: MAX_RETAINED_BYTES,
            });
        }
        Ok(())
    }

    fn finish(mut self) -> Validated {
        self.out.part_numbers_seen.hashes.sort_unstable();
        self.report_duplicates();
        report_unmapped(&mut self.out, &self.unlabelled);
        sort_problems(&mut self.out.problems);
        self.out
    }

    /// A part number on several rows: every such row is refused, and each
    /// problem names the other rows, since only the uploader knows which is
    /// right. Rows with the same hash are compared by their numbers.
    fn report_duplicates(&mut self) {
        let out = &mut self.out;
        let Some(pn_column) = out.mapping.column_of(Field::PartNumber) else {
            return;
        };
        let header = out.mapping.columns()[pn_column].header.clone();
        let seen = &out.part_numbers_seen;
        let norm_of = |row: u32| -> String {
            seen.invalid
                .get(&row)
                .cloned()
                .or_else(|| out.records.part_number_norm_on_row(row).map(str::to_owned))
                .unwrap_or_default()
        };
        // Runs of equal hashes, rows ascending within each.
        let mut groups: Vec<Vec<u32>> = Vec::new();
        for run in seen.hashes.chunk_by(|a, b| a.0 == b.0) {
            if run.len() < 2 {
                continue;
            }
            let mut by_norm: Vec<(String, Vec<u32>)> = Vec::new();
            for &(_, row) in run {
                let norm = norm_of(row);
                match by_norm.iter_mut().find(|(n, _)| *n == norm) {
                    Some((_, rows)) => rows.push(row),
                    None => by_norm.push((norm, vec![row])),
                }
            }
            groups.extend(
                by_norm
                    .into_iter()
                    .map(|(_, rows)| rows)
                    .filter(|rows| rows.len() > 1),
            );
        }
        let mut rejected: HashSet<u32> = HashSet::new();
        for rows in &groups {
            for &row in rows {
                let others: Vec<String> = rows
                    .iter()
                    .filter(|&&r| r != row)
                    .map(u32::to_string)
                    .collect();
                let value = self
                    .shown_invalid
                    .get(&row)
                    .cloned()
                    .or_else(|| out.records.part_number_on_row(row).map(clip));
                out.problems.push(Problem {
                    sheet: out.sheet.clone(),
                    row,
                    column: Some(pn_column),
                    header: Some(header.clone()),
                    value,
                    message: format!(
                        "the same part number is also on row{} {}; keep one row per part",
                        if others.len() == 1 { "" } else { "s" },
                        others.join(", ")
                    ),
                    severity: Severity::Error,
                });
                rejected.insert(row);
            }
        }
        if rejected.is_empty() {
            return;
        }
        // The rejected rows lose their records; their numbers stay seen.
        for &row in &rejected {
            if let Some(norm) = out.records.part_number_norm_on_row(row) {
                let norm = norm.to_owned();
                out.part_numbers_seen.invalid.insert(row, norm);
            }
        }
        let before = out.records.len();
        out.records.retain_rows(|row| !rejected.contains(&row));
        out.invalid_rows += (before - out.records.len()) as u32;
    }
}

/// A part number as a problem shows it: at most 120 characters.
fn clip(text: &str) -> String {
    if text.chars().count() > 120 {
        let mut cut: String = text.chars().take(117).collect();
        cut.push('…');
        cut
    } else {
        text.to_owned()
    }
}

/// Heap bytes of a string, with the allocator's rounding and header.
fn string_bytes(text: &str) -> usize {
    if text.is_empty() {
        0
    } else {
        text.len().next_multiple_of(16) + 16
    }
}

fn option_bytes(text: &Option<String>) -> usize {
    text.as_deref().map_or(0, string_bytes)
}

/// Estimated memory of a problem.
fn problem_bytes(p: &Problem) -> usize {
    size_of::<Problem>()
        + string_bytes(&p.sheet)
        + option_bytes(&p.header)
        + option_bytes(&p.value)
        + string_bytes(&p.message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{MAX_PROBLEMS, Scope};
    use crate::values::Cell;

    fn norm(s: &str) -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_lowercase()
    }

    fn options() -> Options<'static> {
        Options {
            scope: Scope::Everything,
            profile: &[],
            header_row: None,
            columns: &[],
            normalize: &norm,
        }
    }

    fn row(number: u32, cells: &[&str]) -> Row {
        Row {
            number,
            cells: cells
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text((*c).to_owned())
                    }
                })
                .collect(),
        }
    }

    /// A sheet of `n` parts below a title and a header, with a blank line,
    /// a duplicate part number far apart and one bad price.
    fn long_sheet(n: u32) -> Vec<Row> {
        let mut rows = vec![
            row(1, &["Price list 2026"]),
            row(3, &["Part No.", "Name", "Price", "Stock"]),
        ];
        for i in 0..n {
            let number = 4 + i + u32::from(i >= 10);
            let pn = match i {
                7 => "P-00005".to_owned(),
                _ => format!("P-{i:05}"),
            };
            let price = if i == n - 2 {
                "abc".to_owned()
            } else {
                format!("{}.50", i % 900)
            };
            rows.push(row(number, &[&pn, &format!("Part {i}"), &price, "4"]));
        }
        rows
    }

    #[test]
    fn a_long_sheet_validates_on_threads_as_it_would_on_one() {
        // Longer than several batches, so the workers and the in-order
        // merge take part; the result must equal the row-by-row reading of
        // the same rows in one batch.
        let rows = long_sheet(3 * BATCH_ROWS as u32 + 17);
        let threaded =
            validate_rows("Parts", rows.clone().into_iter().map(Ok), &options()).unwrap();
        assert_eq!(threaded.header_row, 3);
        assert_eq!(threaded.skipped.blank, 1);
        assert_eq!(
            threaded.invalid_rows, 3,
            "two rows share P-00005, one bad price"
        );
        assert_eq!(threaded.records.len(), rows.len() - 2 - 3);
        let rows_of: Vec<u32> = threaded.records.rows().collect();
        assert!(rows_of.windows(2).all(|w| w[0] < w[1]));
        let duplicates: Vec<&Problem> = threaded
            .problems
            .iter()
            .filter(|p| p.message.contains("same part number"))
            .collect();
        assert_eq!(duplicates.len(), 2);
        assert_eq!(duplicates[0].row, 9);
        assert_eq!(duplicates[0].value.as_deref(), Some("P-00005"));
        assert!(duplicates[0].message.contains("also on row 11"));
        assert_eq!(threaded.sample_rows.len(), SAMPLE_ROWS);
        assert_eq!(threaded.sample_rows[0].number, 4);
        assert_eq!(threaded.rows_below_header, rows.last().unwrap().number - 3);
        assert!(
            threaded.saw_part("p00005"),
            "a rejected duplicate is still seen"
        );
        assert!(threaded.saw_part("p00100"));
        assert!(
            threaded.saw_part(&norm(&format!("P-{:05}", rows.len() - 4))),
            "the bad price row"
        );
        assert!(
            !threaded.saw_part("p00007"),
            "row 7's number was replaced by P-00005"
        );
        assert!(!threaded.saw_part("p99999"));

        // The same rows read in one batch on this thread must agree.
        let one =
            validate_in_batches("Parts", rows.into_iter().map(Ok), &options(), usize::MAX).unwrap();
        assert_eq!(one, threaded);
    }

    #[test]
    fn reading_stops_at_the_first_read_error() {
        let mut rows: Vec<ReadResult<Row>> = long_sheet(5000).into_iter().map(Ok).collect();
        rows.insert(3000, Err(ReadError::TooManyRows { limit: 3 }));
        let error = validate_rows("Parts", rows.into_iter(), &options()).unwrap_err();
        assert_eq!(error, ReadError::TooManyRows { limit: 3 });
    }

    #[test]
    fn without_a_header_the_rest_of_the_sheet_is_not_read() {
        let rows = (1..=40)
            .map(|n| Ok(row(n, &["just", "text"])))
            .chain(std::iter::once(Err(ReadError::Empty)));
        let v = validate_rows("Notes", rows, &options()).unwrap();
        assert_eq!(v.blocking.len(), 1);
        assert!(v.blocking[0].message.contains("no header row"));
    }

    #[test]
    fn problems_past_the_limit_are_counted_not_kept() {
        let mut rows = vec![row(1, &["Part No.", "Price"])];
        for i in 0..(MAX_PROBLEMS as u32 + 50) {
            rows.push(row(2 + i, &[&format!("X{i}"), "abc"]));
        }
        let v = validate_rows("Parts", rows.into_iter().map(Ok), &options()).unwrap();
        assert_eq!(v.problems.len(), MAX_PROBLEMS);
        assert_eq!(v.omitted.errors, 50);
        assert_eq!(v.invalid_rows, MAX_PROBLEMS as u32 + 50);
    }
}
