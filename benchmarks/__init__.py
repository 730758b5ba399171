"""`make bench`: Safe Steps side by side with a stock `rasa init` bot on the same machine."""
