from haiti_mss.cli import main

main()
