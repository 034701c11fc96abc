// description: Terminates the transactions given.
// param: ids list<string> -- The transaction ids, as SHOW TRANSACTIONS gives them.
TERMINATE TRANSACTIONS $ids
