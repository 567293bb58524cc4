a = $b ! c ? d €
x = `y`
  $
 = 2
