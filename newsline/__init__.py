"""Newsline: a multilingual news publishing platform."""
