from retitle.cli import main

main()
