"""Speed-ups that never change the site or what other plugins see."""
