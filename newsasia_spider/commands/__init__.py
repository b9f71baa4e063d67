"""Project versions of Scrapy commands (COMMANDS_MODULE); a module's name is its command's name."""
