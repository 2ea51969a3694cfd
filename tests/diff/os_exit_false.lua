-- os.exit(false) is EXIT_FAILURE (1), without any error message.
print("before")
os.exit(false)
print("not reached")
