use clap::Parser;

// tantivy indexing and page rendering allocate heavily; mimalloc measured
// faster than glibc malloc here on both (see README, Performance).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let cli = partsportal::cli::Cli::parse();
    partsportal::server::init_tracing(&cli.global.log_format);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(partsportal::server::run(cli))
}
