DROP TABLE deck_items;
DROP TABLE decks;
