(print "checked before it runs")
(load-library "/etc/passwd")
