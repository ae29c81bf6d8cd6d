from unspun.cli import run

run()
