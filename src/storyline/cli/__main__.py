"""`python -m storyline.cli`: the same command line as the `storyline` script."""

from storyline.cli import main

main()
