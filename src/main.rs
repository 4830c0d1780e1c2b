use clap::Parser;

fn main() -> anyhow::Result<()> {
    let cli = partsportal::cli::Cli::parse();
    partsportal::server::init_tracing(&cli.global.log_format);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(partsportal::server::run(cli))
}
