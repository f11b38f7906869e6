"""Ways in: the REST channel behind the screening block check (the mini-program connector and the web
widget come with the channels issue)."""
