WHERE = "libdir shadow"
