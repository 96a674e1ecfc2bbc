"""The audit: one model of what was known when (`knowledge`), the fates of deadlines and the
comparison of statuses (`fates`), and the three analyses built on them (`diff`, `overdue`,
`summary`). None of the analyses decides a fate itself."""
