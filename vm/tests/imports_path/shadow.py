WHERE = "script dir shadow"
