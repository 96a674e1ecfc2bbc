"""Output: one view per command (a result turned into JSON data and table sections), the JSON
shapes written once (`shapes`), one module per format (`formats`) and the HTML page (`html`)."""
