from shakewise.cli import main

main()
