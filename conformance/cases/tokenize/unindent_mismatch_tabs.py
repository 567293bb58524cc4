if x:
	if y:
		pass
        z
