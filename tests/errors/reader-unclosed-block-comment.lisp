#| this comment
never ends
(print 1)
