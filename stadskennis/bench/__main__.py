from stadskennis.bench.run import main

main()
