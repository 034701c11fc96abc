// description: The ids of the transactions Neo4j still runs for one ad-hoc request, or for every ad-hoc request.
// param: key string -- The transaction metadata key that marks an ad-hoc transaction.
// param: tag string -- The request's tag; '' for every ad-hoc request.
SHOW TRANSACTIONS YIELD transactionId, metaData
WHERE metaData[$key] IS NOT NULL AND ($tag = '' OR metaData[$key] = $tag)
RETURN transactionId
