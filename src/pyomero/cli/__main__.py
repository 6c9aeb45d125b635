from pyomero.cli.main import run

run()
