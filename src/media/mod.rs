//! Media processing: pure transformations of uploaded bytes, with no HTTP and
//! no SQL. Handlers run them on a blocking thread.

pub mod images;
